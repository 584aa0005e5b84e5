/**
 * Coverage figures of areas from per-compound facts (households, whether a site is within reach, the
 * distance to the nearest site). Pure: the database says which compound is covered, this adds them up.
 */

export interface CompoundFact {
  /** the area (of the requested level) the compound lies in */
  area: string;
  households: number;
  population: number;
  covered: boolean;
  /** metres to the nearest site of the chosen kinds; null when there is none at all */
  nearest: number | null;
}

export interface CoverageFigures {
  compounds: number;
  compoundsCovered: number;
  households: number;
  householdsCovered: number;
  population: number;
  populationCovered: number;
  /** householdsCovered ÷ households, null for an area without households */
  share: number | null;
  /** household-weighted median / 90th percentile of the distance to the nearest site, metres */
  nearestSiteP50: number | null;
  nearestSiteP90: number | null;
}

/**
 * The weighted quantile: the smallest value v such that the weight of values ≤ v is at least q of the
 * total. `null` values count as infinitely far. Returns null when there is no weight, or when the
 * quantile falls among the nulls.
 *
 * @example
 * weightedQuantile([[100, 1], [300, 1], [200, 2]], 0.5)  // → 200 (weight ≤ 200 is 3 of 4)
 */
export function weightedQuantile(items: readonly (readonly [number | null, number])[], q: number): number | null {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  if (!(total > 0)) return null;
  const sorted = items.filter(([v, w]) => v !== null && w > 0).sort((a, b) => a[0]! - b[0]!);
  let running = 0;
  for (const [v, w] of sorted) {
    running += w;
    // a small tolerance so that exact fractions (q · total) are not lost to float rounding
    if (running >= q * total - 1e-9 * total) return v;
  }
  return null;
}

/** Adds up compound facts into the figures of one area. */
export function figuresOf(facts: readonly CompoundFact[]): CoverageFigures {
  let households = 0,
    householdsCovered = 0,
    population = 0,
    populationCovered = 0,
    compoundsCovered = 0;
  for (const f of facts) {
    households += f.households;
    population += f.population;
    if (f.covered) ((householdsCovered += f.households), (populationCovered += f.population), compoundsCovered++);
  }
  // Households weight the distances; an area whose compounds hold no households falls back to counting compounds.
  const weighted = facts.map((f) => [f.nearest, households > 0 ? f.households : 1] as const);
  return {
    compounds: facts.length,
    compoundsCovered,
    households,
    householdsCovered,
    population,
    populationCovered,
    share: households > 0 ? householdsCovered / households : null,
    nearestSiteP50: round(weightedQuantile(weighted, 0.5)),
    nearestSiteP90: round(weightedQuantile(weighted, 0.9)),
  };
}

const round = (v: number | null) => (v === null ? null : Math.round(v));

/**
 * Figures per area code, for every code in `areas` (areas without compounds get zero figures).
 *
 * @example
 * figuresByArea([{ area: 'a', households: 10, population: 25, covered: true, nearest: 80 }], ['a', 'b']).get('b')!.share  // → null
 */
export function figuresByArea(facts: readonly CompoundFact[], areas: readonly string[]): Map<string, CoverageFigures> {
  const groups = new Map<string, CompoundFact[]>(areas.map((a) => [a, []]));
  for (const f of facts) groups.get(f.area)?.push(f);
  return new Map([...groups].map(([area, list]) => [area, figuresOf(list)]));
}
