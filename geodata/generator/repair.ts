/**
 * Makes the snapped cells of a partition share bit-identical edges. polygon-clipping may drop a vertex it
 * considers collinear or nudge one by a rounding step, so a clipped cell and its unclipped neighbour can
 * disagree on their common border. Vertices within one lattice step are merged, and a vertex of one cell
 * lying on an unmatched edge of another is inserted into that edge (T-junction repair). Only edges without
 * a reverse twin are examined, which in a sound partition are just the district boundary.
 */
import { cleanRing, type MultiPolygon, type Point, type Ring } from './geometry.ts';

const pointKey = (x: number, y: number) => x * 4294967296 + y;

/**
 * Returns the repaired geometries, in the same order (the input is not modified).
 *
 * @example
 * const fixed = repairPartition(cells.map((c) => c.geometry));
 */
export function repairPartition(cells: MultiPolygon[]): MultiPolygon[] {
  // 1. merge vertices closer than one lattice step (first seen wins, deterministic in cell order)
  const canonical = new Map<number, Point>();
  const snap = (p: Point): Point => {
    const own = canonical.get(pointKey(p[0], p[1]));
    if (own) return own;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const near = canonical.get(pointKey(p[0] + dx, p[1] + dy));
        if (near) return near;
      }
    }
    canonical.set(pointKey(p[0], p[1]), p);
    return p;
  };
  const clean = (mp: MultiPolygon): MultiPolygon =>
    mp.map((polygon) => polygon.map((ring) => cleanRing(ring)).filter((ring): ring is Ring => ring !== null)).filter((polygon) => polygon.length > 0);
  const geometries = cells.map((mp) => clean(mp.map((polygon) => polygon.map((ring) => ring.map(snap)))));

  // 2. find edges without a twin
  const edgeKey = (a: Point, b: Point) => `${a[0]},${a[1]},${b[0]},${b[1]}`;
  const present = new Set<string>();
  for (const mp of geometries) for (const polygon of mp) for (const ring of polygon) forEdges(ring, (a, b) => present.add(edgeKey(a, b)));
  const loose: [Point, Point][] = [];
  const looseEnds = new Map<string, Point[]>();
  const cellSize = 2000;
  const bucket = (x: number, y: number) => `${Math.floor(x / cellSize)},${Math.floor(y / cellSize)}`;
  for (const mp of geometries) {
    for (const polygon of mp) {
      for (const ring of polygon) {
        forEdges(ring, (a, b) => {
          if (present.has(edgeKey(b, a))) return;
          loose.push([a, b]);
          for (const p of [a, b]) {
            const k = bucket(p[0], p[1]);
            if (!looseEnds.has(k)) looseEnds.set(k, []);
            looseEnds.get(k)!.push(p);
          }
        });
      }
    }
  }

  // 3. split loose edges at loose endpoints lying on them
  const splits = new Map<string, Point[]>();
  for (const [a, b] of loose) {
    const found: Point[] = [];
    const [x0, x1] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
    const [y0, y1] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
    for (let bx = Math.floor(x0 / cellSize); bx <= Math.floor(x1 / cellSize); bx++) {
      for (let by = Math.floor(y0 / cellSize); by <= Math.floor(y1 / cellSize); by++) {
        for (const p of looseEnds.get(`${bx},${by}`) ?? []) {
          if (p === a || p === b || found.includes(p)) continue;
          if (p[0] < x0 || p[0] > x1 || p[1] < y0 || p[1] > y1) continue;
          if (onSegment(p, a, b)) found.push(p);
        }
      }
    }
    if (found.length === 0) continue;
    const t = (p: Point) => (p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1]);
    splits.set(
      edgeKey(a, b),
      found.sort((p, q) => t(p) - t(q)),
    );
  }
  if (splits.size === 0) return geometries;
  return geometries.map((mp) =>
    clean(
      mp.map((polygon) =>
        polygon.map((ring) => {
          const out: Ring = [];
          forEdges(ring, (a, b) => {
            out.push(a);
            out.push(...(splits.get(edgeKey(a, b)) ?? []));
          });
          return out;
        }),
      ),
    ),
  );
}

function forEdges(ring: Ring, visit: (a: Point, b: Point) => void) {
  for (let i = 0; i < ring.length; i++) visit(ring[i], ring[(i + 1) % ring.length]);
}

/** p within 1.5 lattice steps of segment ab and strictly between its ends. */
function onSegment(p: Point, a: Point, b: Point): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  if (length2 === 0) return false;
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2;
  if (t <= 0 || t >= 1) return false;
  const cross = (p[0] - a[0]) * dy - (p[1] - a[1]) * dx;
  return (cross * cross) / length2 <= 2.25;
}
