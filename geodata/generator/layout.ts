/**
 * Where things go inside a district: seeds for streets, communities and grids. Subdistricts (街道) crowd
 * around the district seat, towns spread over the rest; community seeds sit inside their street's region
 * and grid seeds inside their community's, spaced by best-candidate sampling so cells come out even.
 * Works in lattice units (micro-degrees) with x scaled by cos(latitude) for distances.
 */
import { Delaunay } from 'd3-delaunay';
import type { DistrictProfile } from './figures.ts';
import type { UnitPlan } from './plan.ts';
import type { Random } from './random.ts';
import type { DistrictShape } from './shape.ts';
import { pointOnSurface } from './geometry.ts';

export interface Seed {
  x: number;
  y: number;
}

export interface GridSeed extends Seed {
  unit: number;
  grid: number;
}

const KM = 1e6 / 111.32; // lattice units per km of latitude

export function layoutDistrict(shape: DistrictShape, profile: DistrictProfile, units: UnitPlan[], rng: Random) {
  const k = Math.cos(((shape.box[1] + shape.box[3]) / 2 / 1e6) * (Math.PI / 180));
  const dist2 = (a: Seed, b: Seed) => ((a.x - b.x) * k) ** 2 + (a.y - b.y) ** 2;
  const box = shape.box;
  /** a point close to `p` and inside the district (fallback when a region is too small to sample) */
  const nearby = (p: Seed, radius: number): Seed => {
    for (let r = radius, t = 0; t < 60; t++, r *= 0.9) {
      const q = { x: p.x + rng.range(-r, r), y: p.y + rng.range(-r, r) };
      if (shape.contains(q.x, q.y)) return q;
    }
    return { x: p.x + rng.range(-1, 1), y: p.y + rng.range(-1, 1) };
  };

  const sample = (accept: (p: Seed) => boolean, b: readonly number[], tries = 400): Seed | null => {
    for (let t = 0; t < tries; t++) {
      const p = { x: rng.range(b[0], b[2]), y: rng.range(b[1], b[3]) };
      if (accept(p)) return p;
    }
    return null;
  };
  /** best of `candidates` draws, farthest from the points already placed */
  const best = (draw: () => Seed | null, placed: Seed[], candidates = 5): Seed | null => {
    let choice: Seed | null = null;
    let score = -1;
    for (let c = 0; c < candidates; c++) {
      const p = draw();
      if (!p) continue;
      let d = Infinity;
      for (const q of placed) d = Math.min(d, dist2(p, q));
      if (d > score) [choice, score] = [p, d];
      if (placed.length === 0) break;
    }
    return choice;
  };

  // Streets: order by code; subdistricts around the seat (whole district when core).
  const streets = [...new Map(units.map((u) => [u.street.code, u.street])).values()].sort((a, b) => a.code.localeCompare(b.code));
  const seatPoint = { x: profile.seat[0] * 1e6, y: profile.seat[1] * 1e6 };
  const seat = shape.contains(seatPoint.x, seatPoint.y) ? seatPoint : toSeed(pointOnSurface(shape.geometry[0]));
  const subdistricts = streets.filter((s) => s.kind === 'subdistrict').length;
  const sigma = Math.sqrt(Math.max(1, subdistricts) * 6) * KM * 0.5;
  const streetSeeds: Seed[] = [];
  for (const street of streets) {
    const urban = profile.core || street.kind === 'subdistrict';
    const draw = () =>
      profile.core
        ? sample((p) => shape.contains(p.x, p.y), box)
        : urban
          ? sample((p) => shape.contains(p.x, p.y), around(seat, 2.5 * sigma, k))
          : (sample((p) => shape.contains(p.x, p.y) && (subdistricts === 0 || dist2(p, seat) > (1.4 * sigma) ** 2), box, 300) ??
            sample((p) => shape.contains(p.x, p.y), box));
    streetSeeds.push(best(draw, streetSeeds, urban && !profile.core ? 2 : 6) ?? nearby(seat, KM * 0.3));
  }
  const streetIndex = new Map(streets.map((s, i) => [s.code, i]));
  const streetDelaunay = Delaunay.from(
    streetSeeds,
    (p) => p.x * k,
    (p) => p.y,
  );
  const streetVoronoi = streetDelaunay.voronoi([box[0] * k, box[1], box[2] * k, box[3]]);
  const inStreet = (p: Seed, s: number) => shape.contains(p.x, p.y) && streetDelaunay.find(p.x * k, p.y, s) === s;

  // Communities, street by street.
  const unitSeeds: Seed[] = new Array(units.length);
  const gridSeeds: GridSeed[] = [];
  streets.forEach((street, s) => {
    const members = units.map((u, i) => [u, i] as const).filter(([u]) => u.street.code === street.code);
    const cellBox = polygonBox(streetVoronoi.cellPolygon(s), k);
    const clustered = street.kind !== 'subdistrict' && !profile.core;
    const townSigma = Math.sqrt(Math.max(1, members.filter(([u]) => !u.rural).length) * 1.5) * KM * 0.5;
    const placed: Seed[] = [];
    for (const [unit, i] of members) {
      const central = clustered && !unit.rural;
      const draw = () =>
        central
          ? (sample((p) => inStreet(p, s), around(streetSeeds[s], 2.5 * townSigma, k), 100) ?? sample((p) => inStreet(p, s), cellBox))
          : sample((p) => inStreet(p, s), cellBox);
      const seed = best(draw, placed, central ? 2 : 5) ?? nearby(streetSeeds[s], KM * 0.05);
      placed.push(seed);
      unitSeeds[i] = seed;
    }
    // Grids, community by community, inside the community's share of the street.
    const local = Delaunay.from(
      placed,
      (p) => p.x * k,
      (p) => p.y,
    );
    const localVoronoi = local.voronoi([cellBox[0] * k, cellBox[1], cellBox[2] * k, cellBox[3]]);
    members.forEach(([unit, i], m) => {
      const inUnit = (p: Seed) => inStreet(p, s) && local.find(p.x * k, p.y, m) === m;
      const unitBox = polygonBox(localVoronoi.cellPolygon(m), k);
      const mine: Seed[] = [];
      unit.grids.forEach((_, g) => {
        const seed = best(() => sample(inUnit, unitBox, 200), mine, 6) ?? nearby(unitSeeds[i], KM * 0.02);
        mine.push(seed);
        gridSeeds.push({ ...seed, unit: i, grid: g });
      });
    });
  });
  return { k, streets, streetSeeds, streetIndex, unitSeeds, gridSeeds };
}

const toSeed = ([x, y]: [number, number]): Seed => ({ x, y });

function around(p: Seed, radius: number, k: number): number[] {
  return [p.x - radius / k, p.y - radius, p.x + radius / k, p.y + radius];
}

function polygonBox(polygon: ArrayLike<ArrayLike<number>> | null, k: number): number[] {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  if (!polygon) return b;
  for (let i = 0; i < polygon.length; i++) {
    const x = polygon[i][0] / k;
    const y = polygon[i][1];
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  }
  return b;
}
