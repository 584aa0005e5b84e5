/**
 * When a hotspot analysis may flag anything at all. Gi* z-scores rest on a normal approximation that
 * needs data: with 5 incidents in a period, a lone incident makes its neighbours "99% hot spots".
 * The thresholds follow ArcGIS's guidance for Hot Spot Analysis (results are reliable from 30 input
 * features) applied to the events themselves; docs/adr/0012-hotspot-statistics.md says why.
 */

/** Below this many incidents in the period nothing is flagged (z-scores are still reported). */
export const HOTSPOT_MIN_INCIDENTS = 30;
/** Below this many analysed grid cells the analysis runs but is marked unreliable. */
export const HOTSPOT_MIN_GRIDS = 30;
/**
 * Below this many incidents expected in an average neighbourhood the counts are too sparse for the
 * normal approximation behind z (the rule of thumb for a Poisson count: λ ≥ 5), so the page warns.
 */
export const HOTSPOT_MIN_EXPECTED = 5;

export type HotspotWarningCode = 'too_few_incidents' | 'too_few_grids' | 'sparse';

export interface HotspotWarning {
  code: HotspotWarningCode;
  /** true: no cell is flagged because of it */
  blocking: boolean;
  minimum: number;
  actual: number;
  message: string;
}

export interface HotspotInputs {
  /** incidents in the period over the analysed cells */
  incidents: number;
  /** grid cells with households, the ones Gi* runs over */
  analysed: number;
  /** mean neighbourhood size W (neighbours + the cell itself) */
  meanWeight: number;
}

/**
 * The warnings of an analysis; flags are allowed only when none of them is blocking.
 *
 * @example
 * hotspotWarnings({ incidents: 5, analysed: 2000, meanWeight: 8 })[0]!.code  // → 'too_few_incidents'
 */
export function hotspotWarnings({ incidents, analysed, meanWeight }: HotspotInputs): HotspotWarning[] {
  const out: HotspotWarning[] = [];
  if (incidents < HOTSPOT_MIN_INCIDENTS) {
    out.push({
      code: 'too_few_incidents',
      blocking: true,
      minimum: HOTSPOT_MIN_INCIDENTS,
      actual: incidents,
      message: `only ${incidents} incidents in the period; hot and cold spots need at least ${HOTSPOT_MIN_INCIDENTS}, so none is flagged: choose a longer period or more categories`,
    });
  }
  if (analysed < HOTSPOT_MIN_GRIDS) {
    out.push({
      code: 'too_few_grids',
      blocking: false,
      minimum: HOTSPOT_MIN_GRIDS,
      actual: analysed,
      message: `only ${analysed} grid cells with households; with fewer than ${HOTSPOT_MIN_GRIDS} the z-scores are unreliable: choose a larger area`,
    });
  }
  const expected = analysed ? Number(((incidents * meanWeight) / analysed).toFixed(2)) : 0;
  if (incidents >= HOTSPOT_MIN_INCIDENTS && expected < HOTSPOT_MIN_EXPECTED) {
    out.push({
      code: 'sparse',
      blocking: false,
      minimum: HOTSPOT_MIN_EXPECTED,
      actual: expected,
      message: `an average neighbourhood expects only ${expected} incidents; with so few, a handful of incidents can look significant: read flags with care or choose a longer period`,
    });
  }
  return out;
}
