/**
 * One Voronoi diagram of every grid seed in a district, clipped to the district polygon and snapped to the
 * lattice. Communities, streets and the district itself are unions of their grids, so every level nests
 * exactly in the one above and siblings share bit-identical borders.
 */
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import { orient, snapRing, unionPartition, type MultiPolygon, type Polygon } from './geometry.ts';
import type { GridSeed } from './layout.ts';
import { repairPartition } from './repair.ts';
import type { DistrictShape } from './shape.ts';

export interface PartitionedCell {
  geometry: MultiPolygon;
  /** the cell was cut by the district boundary (a border grid) */
  border: boolean;
}

/**
 * Cells of the grid seeds, in seed order. Throws when a seed ends up without area (a bug in the layout).
 *
 * @example
 * const cells = partitionDistrict(shape, seeds, k);
 */
export function partitionDistrict(shape: DistrictShape, seeds: GridSeed[], k: number): PartitionedCell[] {
  const [x0, y0, x1, y1] = shape.box;
  const margin = 1000;
  const delaunay = Delaunay.from(
    seeds,
    (p) => p.x * k,
    (p) => p.y,
  );
  const voronoi = delaunay.voronoi([(x0 - margin) * k, y0 - margin, (x1 + margin) * k, y1 + margin]);
  const cells = seeds.map((seed, i) => {
    const cell = voronoi.cellPolygon(i);
    if (!cell) throw new Error(`grid seed ${i} (${seed.x}, ${seed.y}) has no Voronoi cell (duplicate seed?)`);
    const ring = cell.map(([x, y]) => [x / k / 1e6, y / 1e6] as [number, number]);
    let bx0 = Infinity,
      by0 = Infinity,
      bx1 = -Infinity,
      by1 = -Infinity;
    for (const [x, y] of ring) {
      bx0 = Math.min(bx0, x);
      by0 = Math.min(by0, y);
      bx1 = Math.max(bx1, x);
      by1 = Math.max(by1, y);
    }
    const border = shape.touchesBox(bx0 * 1e6 - 1, by0 * 1e6 - 1, bx1 * 1e6 + 1, by1 * 1e6 + 1);
    const pieces = border ? polygonClipping.intersection([ring], shape.degrees) : [[ring]];
    const geometry: MultiPolygon = [];
    for (const piece of pieces) {
      const outer = snapRing(piece[0]);
      if (!outer) continue;
      const polygon: Polygon = [orient(outer, true)];
      for (const hole of piece.slice(1)) {
        const snapped = snapRing(hole);
        if (snapped) polygon.push(orient(snapped, false));
      }
      geometry.push(polygon);
    }
    return { geometry, border };
  });
  const repaired = repairPartition(cells.map((c) => c.geometry));
  return cells.map((cell, i) => {
    if (repaired[i].length === 0) throw new Error(`grid seed ${i} (${seeds[i].x}, ${seeds[i].y}) lies outside its district`);
    return { ...cell, geometry: repaired[i] };
  });
}

/**
 * Union of cells (exact; see unionPartition).
 *
 * @example
 * const community = unionCells(cells.filter((_, i) => seeds[i].unit === 3));
 */
export function unionCells(cells: PartitionedCell[]): MultiPolygon {
  return unionPartition(cells.flatMap((c) => c.geometry));
}

/**
 * Pairs of groups that share a border, from the cells' shared edges: `group(i)` names the group of cell i.
 *
 * @example
 * neighbours(cells, (i) => seeds[i].unit) // Set { '3|7', … }
 */
export function neighbours(cells: PartitionedCell[], group: (cell: number) => number): Map<number, Set<number>> {
  const owner = new Map<string, number>();
  cells.forEach((cell, i) => {
    for (const polygon of cell.geometry) {
      for (const ring of polygon) {
        for (let v = 0; v < ring.length; v++) {
          const a = ring[v];
          const b = ring[(v + 1) % ring.length];
          owner.set(`${a[0]},${a[1]},${b[0]},${b[1]}`, group(i));
        }
      }
    }
  });
  const result = new Map<number, Set<number>>();
  for (const [edge, g] of owner) {
    const [ax, ay, bx, by] = edge.split(',');
    const other = owner.get(`${bx},${by},${ax},${ay}`);
    if (other === undefined || other === g) continue;
    if (!result.has(g)) result.set(g, new Set());
    result.get(g)!.add(other);
  }
  return result;
}
