/**
 * The figures the demo city reproduces (法治日报 report on Shenyang, see domain.md) and the per-district
 * profile used to spread them. Populations are synthetic: relative weights roughly following published
 * district sizes, scaled to the 2020 census total of about 9.07 million.
 */
import { allocate } from './random.ts';

export const CITY = { code: '210100', name: '沈阳市' } as const;

/** City-wide figures from the source article; the full demo reproduces each exactly. */
export const ARTICLE_FIGURES = {
  population: 9_070_000,
  compounds: 6_090,
  mediationPoints: 2_411,
  mediationRooms: 270,
  watchPosts: 7_115,
  trafficPoints: 64,
  ferryPoints: 7,
  volunteers: 300_000,
  /** preventable cases year on year: 2018, 2019, 2020 */
  preventableChange: { 2018: -0.103, 2019: -0.549, 2020: -0.484 },
  disputeResolutionRate: 0.95,
} as const;

export interface DistrictProfile {
  /** one of the five old-town districts: every street is a dense subdistrict */
  core: boolean;
  /** approximate seat (WGS-84) around which subdistricts cluster; core districts use their centroid */
  seat: [number, number];
  populationWeight: number;
  /** relative weight for epidemic traffic control points (city entrances) */
  trafficWeight: number;
}

export const DISTRICT_PROFILES: Record<string, DistrictProfile> = {
  '210102': { core: true, seat: [123.39, 41.79], populationWeight: 0.78, trafficWeight: 0.5 },
  '210103': { core: true, seat: [123.45, 41.8], populationWeight: 0.76, trafficWeight: 0.5 },
  '210104': { core: true, seat: [123.47, 41.81], populationWeight: 0.69, trafficWeight: 0.5 },
  '210105': { core: true, seat: [123.42, 41.83], populationWeight: 0.8, trafficWeight: 0.5 },
  '210106': { core: false, seat: [123.35, 41.79], populationWeight: 1.42, trafficWeight: 1.5 },
  '210111': { core: false, seat: [123.34, 41.66], populationWeight: 0.4, trafficWeight: 1 },
  '210112': { core: false, seat: [123.45, 41.73], populationWeight: 0.85, trafficWeight: 1.5 },
  '210113': { core: false, seat: [123.52, 42.05], populationWeight: 0.55, trafficWeight: 1 },
  '210114': { core: false, seat: [123.31, 41.8], populationWeight: 0.78, trafficWeight: 1.5 },
  '210115': { core: false, seat: [122.72, 41.51], populationWeight: 0.37, trafficWeight: 1 },
  '210123': { core: false, seat: [123.35, 42.75], populationWeight: 0.24, trafficWeight: 1 },
  '210124': { core: false, seat: [123.41, 42.5], populationWeight: 0.3, trafficWeight: 1 },
  '210181': { core: false, seat: [122.83, 41.99], populationWeight: 0.48, trafficWeight: 1 },
};

/** The districts of the `small` scale: one old-town district and one county. */
export const SMALL_DISTRICTS = ['210103', '210123'];

/** City center location (the municipal government square, 沈河区), WGS-84 approx. */
export const CITY_CENTER: [number, number] = [123.4315, 41.8058];

/**
 * A synthetic, approximate line of the Hun River (浑河) across the city, east → south-west. Good enough
 * to put the seven ferry points on; not a survey.
 */
export const HUN_RIVER: [number, number][] = [
  [123.79, 41.9],
  [123.68, 41.86],
  [123.58, 41.8],
  [123.5, 41.775],
  [123.44, 41.765],
  [123.37, 41.752],
  [123.3, 41.728],
  [123.22, 41.69],
  [123.12, 41.63],
  [123.0, 41.56],
  [122.9, 41.48],
  [122.82, 41.38],
];

export interface DistrictShares {
  code: string;
  population: number;
  compounds: number;
  watchPosts: number;
  mediationRooms: number;
  trafficPoints: number;
  volunteers: number;
  /** communities/villages served by a neighbour's mediation point instead of their own */
  absorbedUnits: number;
}

/**
 * Splits the city-wide figures over the 13 districts. Computed for the whole city whatever the scale, so
 * the small demo is an exact subset of the full one. Every community/village gets at least one compound
 * (a village counts its settlement); the rest go by population.
 *
 * @example
 * districtShares([{ code: '210103', units: 120, villages: 0 }, …]).find((s) => s.code === '210103')!.population
 */
export function districtShares(units: { code: string; units: number; villages: number }[]): DistrictShares[] {
  const codes = Object.keys(DISTRICT_PROFILES).sort();
  const count = (code: string, key: 'units' | 'villages') => units.find((u) => u.code === code)?.[key] ?? 0;
  const weight = codes.map((c) => DISTRICT_PROFILES[c].populationWeight);
  const totalUnits = codes.reduce((s, c) => s + count(c, 'units'), 0);
  const population = allocate(ARTICLE_FIGURES.population, weight);
  const extraCompounds = allocate(ARTICLE_FIGURES.compounds - totalUnits, weight);
  const compounds = codes.map((c, i) => count(c, 'units') + extraCompounds[i]);
  const watchPosts = allocate(ARTICLE_FIGURES.watchPosts, compounds);
  const rooms = allocate(ARTICLE_FIGURES.mediationRooms, weight);
  const volunteers = allocate(ARTICLE_FIGURES.volunteers, weight);
  const traffic = allocate(
    ARTICLE_FIGURES.trafficPoints,
    codes.map((c) => DISTRICT_PROFILES[c].trafficWeight),
  );
  const absorbed = allocate(
    totalUnits - ARTICLE_FIGURES.mediationPoints,
    codes.map((c) => count(c, 'villages')),
  );
  return codes.map((code, i) => ({
    code,
    population: population[i],
    compounds: compounds[i],
    watchPosts: watchPosts[i],
    mediationRooms: rooms[i],
    trafficPoints: traffic[i],
    volunteers: volunteers[i],
    absorbedUnits: absorbed[i],
  }));
}
