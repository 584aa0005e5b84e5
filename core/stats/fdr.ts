/**
 * Benjamini–Hochberg false-discovery-rate control (Benjamini & Hochberg 1995), the correction ArcGIS's
 * Hot Spot Analysis applies with its "Apply False Discovery Rate (FDR) Correction" option: a city has
 * thousands of grid cells, and at 95% one cell in twenty of pure noise would be flagged without it.
 * BH keeps its guarantee under the positive dependence neighbouring Gi* scores have (Benjamini &
 * Yekutieli 2001, PRDS). Pure and dependency-free.
 */
import { type GiStar } from './gistar.ts';

/**
 * The BH critical p-value at level `alpha`: every p ≤ it is a discovery; 0 when there is none.
 * Null p-values (undefined tests) are not counted among the tests.
 *
 * @example
 * bhThreshold([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205], 0.05)  // → 0.008
 */
export function bhThreshold(pValues: readonly (number | null)[], alpha: number): number {
  const sorted = pValues.filter((p): p is number => p !== null && Number.isFinite(p)).sort((a, b) => a - b);
  const m = sorted.length;
  let threshold = 0;
  // the largest k with p(k) ≤ k·α/m; everything at or below p(k) is rejected (step-up)
  for (let k = m; k >= 1; k--) {
    if (sorted[k - 1]! <= (k * alpha) / m) {
      threshold = sorted[k - 1]!;
      break;
    }
  }
  return threshold;
}

/**
 * BH-adjusted p-values (q-values): the smallest FDR level at which each test would be a discovery.
 *
 * @example
 * bhAdjust([0.01, 0.04, 0.03])  // → [0.03, 0.04, 0.04]
 */
export function bhAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const order = pValues.flatMap((p, i) => (p === null || !Number.isFinite(p) ? [] : [i])).sort((a, b) => pValues[a]! - pValues[b]!);
  const m = order.length;
  const out: (number | null)[] = pValues.map(() => null);
  let running = 1;
  for (let k = m; k >= 1; k--) {
    const i = order[k - 1]!;
    running = Math.min(running, (pValues[i]! * m) / k);
    out[i] = running;
  }
  return out;
}

export type FdrFlag = GiStar['flag'];

/**
 * Hot/cold flags after the correction, as ArcGIS's Gi_Bin with FDR: 99% when the cell is a BH
 * discovery at α = 0.01, 95% when at α = 0.05, else null.
 *
 * @example
 * fdrFlags([{ z: 4, p: 0.00006 }, { z: 1.9, p: 0.0574 }])  // → ['hot99', null]
 */
export function fdrFlags(stats: readonly Pick<GiStar, 'z' | 'p'>[]): FdrFlag[] {
  const p = stats.map((s) => s.p);
  const [t99, t95] = [bhThreshold(p, 0.01), bhThreshold(p, 0.05)];
  return stats.map(({ z, p }) => {
    if (z === null || p === null) return null;
    const level = p <= t99 && t99 > 0 ? '99' : p <= t95 && t95 > 0 ? '95' : null;
    return level === null ? null : (`${z > 0 ? 'hot' : 'cold'}${level}` as FdrFlag);
  });
}
