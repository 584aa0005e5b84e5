/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) with binary contiguity weights, the cell itself
 * included (the "star"). Returns the z-score directly: Gi* is already standardised under the
 * randomisation null. Pure and dependency-free; the multiple-testing correction is in fdr.ts.
 */

export interface GiStar {
  /** null when undefined: no variance in the values, or the neighbourhood is the whole study area */
  z: number | null;
  /** two-sided p-value under the normal approximation */
  p: number | null;
  /** 'hot' / 'cold' at 99% (|z| ≥ 2.576) or 95% (|z| ≥ 1.96), else null: uncorrected, one test on its own */
  flag: 'hot99' | 'hot95' | 'cold99' | 'cold95' | null;
}

export const Z95 = 1.96;
export const Z99 = 2.576;

/**
 * Gi* for every cell. `neighbours[i]` lists the indices adjacent to i (not i itself; symmetric lists
 * are expected but not required).
 *
 * @example
 * getisOrdGiStar([1, 1, 10, 10], [[1], [0, 2], [1, 3], [2]])[3].z  // → 1.7321 = (20 − 5.5·2) / (4.5·√(4/3))
 */
export function getisOrdGiStar(values: readonly number[], neighbours: readonly (readonly number[])[]): GiStar[] {
  const n = values.length;
  let sum = 0;
  let sumSq = 0;
  for (const x of values) ((sum += x), (sumSq += x * x));
  const mean = n ? sum / n : 0;
  const s = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  return values.map((x, i) => {
    const around = new Set(neighbours[i]);
    around.delete(i);
    // binary weights: Σw = Σw² = W (the neighbours plus the cell itself)
    const w = around.size + 1;
    let local = x;
    for (const j of around) local += values[j]!;
    const spread = (n * w - w * w) / (n - 1);
    if (n < 2 || !(s > 0) || !(spread > 0)) return { z: null, p: null, flag: null };
    const z = (local - mean * w) / (s * Math.sqrt(spread));
    const p = 2 * (1 - normalCdf(Math.abs(z)));
    return { z, p, flag: flagOf(z) };
  });
}

/**
 * The uncorrected flag of one z-score (two-sided, 95% / 99%).
 *
 * @example
 * flagOf(2.6)  // → 'hot99'
 */
export function flagOf(z: number): GiStar['flag'] {
  if (z >= Z99) return 'hot99';
  if (z >= Z95) return 'hot95';
  if (z <= -Z99) return 'cold99';
  if (z <= -Z95) return 'cold95';
  return null;
}

/**
 * Standard normal CDF via the complementary error function (W. J. Cody's rational approximation as
 * in Numerical Recipes' erfc, |error| < 1.2e-7).
 *
 * @example
 * normalCdf(1.96)  // → 0.9750
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
