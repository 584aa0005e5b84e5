/**
 * Builds the synthetic geography of one district: plan → seeds → Voronoi partition → unions, and numbers the
 * grids west→east, north→south inside each community.
 */
import { readDivisions, type DivisionRow, type StreetRow } from '../sources/index.ts';
import type { DistrictBoundary } from './boundaries.ts';
import { DISTRICT_PROFILES, type DistrictShares } from './figures.ts';
import type { MultiPolygon } from './geometry.ts';
import { layoutDistrict, type GridSeed, type Seed } from './layout.ts';
import { neighbours, partitionDistrict, unionCells } from './partition.ts';
import { planDistrict, type GridPlan, type UnitPlan } from './plan.ts';
import { createRandom } from './random.ts';
import { DistrictShape } from './shape.ts';

export interface GridCell extends GridPlan {
  code: string;
  unit: number;
  seed: Seed;
  geometry: MultiPolygon;
  border: boolean;
}

export interface UnitArea extends UnitPlan {
  seed: Seed;
  geometry: MultiPolygon;
  grids: GridCell[];
  neighbours: number[];
}

export interface DistrictArea {
  row: DivisionRow;
  shares: DistrictShares;
  geometry: MultiPolygon;
  streets: { row: StreetRow; seed: Seed; geometry: MultiPolygon; units: number[] }[];
  units: UnitArea[];
  shape: DistrictShape;
}

/**
 * Generates one district. Depends only on the seed and the district, never on the other districts, so a
 * small demo is an exact subset of the full one.
 *
 * @example
 * const district = buildDistrict(boundaries.get('210103')!, shares, 42);
 */
export function buildDistrict(boundary: DistrictBoundary, shares: DistrictShares, seed: number): DistrictArea {
  const divisions = readDivisions();
  const row = divisions.districts.find((d) => d.code === boundary.code)!;
  const streets = divisions.streets.filter((s) => s.parentCode === row.code);
  const streetCodes = new Set(streets.map((s) => s.code));
  const communities = divisions.communities.filter((c) => streetCodes.has(c.parentCode));
  const shape = new DistrictShape(boundary.geometry);
  const plans = planDistrict(streets, communities, shares, createRandom(seed, `plan:${row.code}`));
  const layout = layoutDistrict(shape, DISTRICT_PROFILES[row.code], plans, createRandom(seed, `layout:${row.code}`));
  const cells = partitionDistrict(shape, layout.gridSeeds, layout.k);

  const byUnit: number[][] = plans.map(() => []);
  layout.gridSeeds.forEach((s, i) => byUnit[s.unit].push(i));
  const adjacency = neighbours(cells, (i) => layout.gridSeeds[i].unit);
  const units: UnitArea[] = plans.map((plan, u) => {
    const ordered = readingOrder(
      byUnit[u].map((i) => layout.gridSeeds[i]),
      layout.k,
    );
    const grids = ordered.map((gridSeed, n) => {
      const i = byUnit[u].find((j) => layout.gridSeeds[j] === gridSeed)!;
      const sequence = ordered.length === 1 ? '00' : String(n + 1).padStart(2, '0');
      return {
        ...plan.grids[gridSeed.grid],
        code: `${plan.row.code}${sequence}`,
        unit: u,
        seed: { x: gridSeed.x, y: gridSeed.y },
        geometry: cells[i].geometry,
        border: cells[i].border,
      };
    });
    return {
      ...plan,
      seed: layout.unitSeeds[u],
      geometry: unionCells(byUnit[u].map((i) => cells[i])),
      grids,
      neighbours: [...(adjacency.get(u) ?? [])].sort((a, b) => a - b),
    };
  });
  const streetAreas = layout.streets.map((street, s) => {
    const members = units
      .map((u, i) => [u, i] as const)
      .filter(([u]) => u.street.code === street.code)
      .map(([, i]) => i);
    return {
      row: street,
      seed: layout.streetSeeds[s],
      geometry: unionCells(members.flatMap((u) => byUnit[u].map((i) => cells[i]))),
      units: members,
    };
  });
  return { row, shares, geometry: unionCells(cells), streets: streetAreas, units, shape };
}

// Rows north→south (row height from the community's own grid spacing), west→east inside a row.
function readingOrder(seeds: GridSeed[], k: number): GridSeed[] {
  if (seeds.length <= 1) return seeds;
  const ys = seeds.map((s) => s.y);
  const xs = seeds.map((s) => s.x * k);
  const extent = Math.max(Math.max(...ys) - Math.min(...ys), Math.max(...xs) - Math.min(...xs));
  const rowHeight = Math.max(1, extent / Math.max(1, Math.round(Math.sqrt(seeds.length))));
  const top = Math.max(...ys);
  return [...seeds].sort((a, b) => {
    const ra = Math.floor((top - a.y) / rowHeight);
    const rb = Math.floor((top - b.y) / rowHeight);
    return ra - rb || a.x - b.x || b.y - a.y;
  });
}
