/**
 * Numbers before geometry: population, households, compounds and grids of every community/village in a
 * district, from the district's share of the city figures.
 */
import type { CommunityRow, StreetRow } from '../sources/index.ts';
import type { DistrictShares } from './figures.ts';
import { allocate, type Random } from './random.ts';

export type DedicatedType = 'school' | 'hospital' | 'park' | 'company' | 'government';

export interface GridPlan {
  kind: 'general' | 'dedicated';
  dedicatedType: DedicatedType | null;
  households: number;
  population: number;
}

export interface UnitPlan {
  row: CommunityRow;
  street: StreetRow;
  rural: boolean;
  population: number;
  households: number;
  /** households of each compound (小区; a village's settlement counts as one) */
  compounds: { households: number; population: number }[];
  grids: GridPlan[];
}

const DEDICATED: [DedicatedType, number][] = [
  ['school', 35],
  ['park', 25],
  ['hospital', 15],
  ['company', 15],
  ['government', 10],
];
const MAX_GRIDS = 99;

/**
 * Plans every unit of one district.
 *
 * @example
 * const units = planDistrict(streets, communities, shares, createRandom(1, 'plan:210103'));
 */
export function planDistrict(streets: StreetRow[], communities: CommunityRow[], shares: DistrictShares, rng: Random): UnitPlan[] {
  const streetOf = new Map(streets.map((s) => [s.code, s]));
  const rural = (c: CommunityRow) => c.kind !== 'community';
  const villagePop = communities.map((c) => (rural(c) ? Math.round(clamp(Math.exp(Math.log(1150) + 0.45 * rng.normal()), 250, 4000)) : 0));
  const urbanCount = communities.filter((c) => !rural(c)).length;
  let villageTotal = villagePop.reduce((s, p) => s + p, 0);
  const minUrban = urbanCount * 2500;
  if (villageTotal > shares.population - minUrban) {
    const factor = Math.max(0.2, (shares.population - minUrban) / villageTotal);
    for (let i = 0; i < villagePop.length; i++) villagePop[i] = Math.max(150, Math.round(villagePop[i] * factor));
    villageTotal = villagePop.reduce((s, p) => s + p, 0);
  }
  const urbanWeights = communities.map((c) => (rural(c) ? 0 : Math.exp(0.35 * rng.normal())));
  const urbanPop = allocate(Math.max(0, shares.population - villageTotal), urbanWeights);
  const population = communities.map((c, i) => (rural(c) ? villagePop[i] : urbanPop[i]));
  const households = communities.map((c, i) => {
    const h = Math.max(1, Math.round(population[i] / (rural(c) ? rng.range(2.6, 3.0) : rng.range(2.3, 2.7))));
    // 501–599 households fit neither one urban grid (≤ 500) nor two (≥ 300 each): count larger households
    return !rural(c) && h > 500 && h < 600 ? 500 : h;
  });
  const extraCompounds = allocate(
    shares.compounds - communities.length,
    communities.map((c, i) => (rural(c) ? 0 : households[i])),
  );

  return communities.map((row, i) => {
    const isRural = rural(row);
    const compoundWeights = Array.from({ length: 1 + extraCompounds[i] }, () => Math.exp(0.5 * rng.normal()));
    const compoundHouseholds = allocate(households[i], compoundWeights);
    const compoundPopulation = allocate(population[i], compoundHouseholds);
    return {
      row,
      street: streetOf.get(row.parentCode)!,
      rural: isRural,
      population: population[i],
      households: households[i],
      compounds: compoundHouseholds.map((h, k) => ({ households: h, population: compoundPopulation[k] })),
      grids: planGrids(households[i], population[i], isRural, rng),
    };
  });
}

/** Grid count by the sizing norm: urban general grids 300–500 households, rural ~300 (at least one). */
export function generalGridCount(households: number, rural: boolean): number {
  if (rural) return Math.max(1, Math.round(households / 300));
  if (households < 300) return 1;
  const low = Math.ceil(households / 500);
  const high = Math.floor(households / 300);
  return clamp(Math.round(households / 400), low, Math.max(low, high));
}

function planGrids(households: number, population: number, rural: boolean, rng: Random): GridPlan[] {
  const n = Math.min(MAX_GRIDS - 1, generalGridCount(households, rural));
  const average = households / n;
  // jitter the split but keep every urban grid inside 300–500 households
  const room = rural ? 0.2 : Math.max(0, Math.min(0.15, 499 / average - 1, 1 - 301 / average) * 0.9);
  const split = allocate(
    households,
    Array.from({ length: n }, () => 1 + rng.range(-room, room)),
  );
  if (!rural) keepWithin(split, 300, 500);
  const people = allocate(population, split);
  const grids: GridPlan[] = split.map((h, k) => ({ kind: 'general', dedicatedType: null, households: h, population: people[k] }));
  const dedicated = rural ? (rng.chance(0.08) ? 1 : 0) : n >= 2 ? (rng.chance(0.45) ? 1 : 0) + (n >= 8 && rng.chance(0.3) ? 1 : 0) : 0;
  for (let k = 0; k < dedicated; k++) {
    const type = DEDICATED[rng.weighted(DEDICATED.map((d) => d[1]))][0];
    grids.push({ kind: 'dedicated', dedicatedType: rural ? 'school' : type, households: 0, population: 0 });
  }
  return grids;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

// Normalising the jittered weights can push a part past a bound; move the excess to the other end.
function keepWithin(parts: number[], low: number, high: number) {
  const total = parts.reduce((s, p) => s + p, 0);
  if (total < low * parts.length || total > high * parts.length) return;
  for (let guard = 0; guard < 1000; guard++) {
    const max = parts.indexOf(Math.max(...parts));
    const min = parts.indexOf(Math.min(...parts));
    if (parts[max] > high) {
      const move = Math.min(parts[max] - high, high - parts[min]);
      parts[max] -= move;
      parts[min] += move;
    } else if (parts[min] < low) {
      const move = Math.min(low - parts[min], parts[max] - low);
      parts[max] -= move;
      parts[min] += move;
    } else return;
  }
}
