import { describe, expect, it } from 'vitest';
import { bhAdjust, bhThreshold, fdrFlags } from '../../core/stats/fdr.ts';
import { flagOf, getisOrdGiStar } from '../../core/stats/gistar.ts';
import { HOTSPOT_MIN_INCIDENTS, hotspotWarnings } from '../../core/stats/hotspot-rules.ts';
import { seededRandom } from '../../bench/support/random.ts';

// Benjamini & Hochberg (1995), section 4: fifteen p-values of a clinical trial; at q = 0.05 the four smallest are rejected
const BH_EXAMPLE = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];

/** Queen-contiguity neighbours on a side × side lattice (what touching grid cells give). */
function lattice(side: number): number[][] {
  return Array.from({ length: side * side }, (_v, i) => {
    const [r, c] = [Math.floor(i / side), i % side];
    const out: number[] = [];
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        const [rr, cc] = [r + dr, c + dc];
        if ((dr || dc) && rr >= 0 && rr < side && cc >= 0 && cc < side) out.push(rr * side + cc);
      }
    return out;
  });
}

/** Poisson(λ) by inversion: incident counts of cells under the null of no clustering. */
function poisson(random: () => number, lambda: number): number {
  let [k, p, sum] = [0, Math.exp(-lambda), Math.exp(-lambda)];
  const u = random();
  while (u > sum && k < 1000) ((k += 1), (p *= lambda / k), (sum += p));
  return k;
}

const SIDE = 20;
const neighbours = lattice(SIDE);
const noise = (seed: number, lambda = 4) => {
  const random = seededRandom(seed);
  return Array.from({ length: SIDE * SIDE }, () => poisson(random, lambda));
};
const flagsOf = (values: number[]) => fdrFlags(getisOrdGiStar(values, neighbours));

describe('Benjamini–Hochberg', () => {
  it('rejects the four smallest of the 1995 paper example at q = 0.05', () => {
    expect(bhThreshold(BH_EXAMPLE, 0.05)).toBe(0.0095);
    expect(bhThreshold(BH_EXAMPLE, 0.001)).toBe(0);
  });

  it('adjusts like R p.adjust(method = "BH"), ignoring undefined tests', () => {
    const q = bhAdjust([...BH_EXAMPLE, null]);
    expect(q.slice(0, 15).map((v) => Number(v!.toFixed(6)))).toEqual([
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.063857, 0.063857, 0.0645, 0.0765, 0.486, 0.581182, 0.714875, 0.753231, 0.813214, 1,
    ]);
    expect(q[15]).toBeNull();
  });

  it('flags 99% only for discoveries at 1%, keeps the sign of z', () => {
    // at 1% the step-up passes p(3) = 0.0019 ≤ 3 · 0.01 / 15 = 0.002; at 5% p(4) = 0.0095 ≤ 0.0133
    const stats = BH_EXAMPLE.map((p, i) => ({ z: i % 2 ? -3 : 3, p }));
    expect(fdrFlags(stats).slice(0, 5)).toEqual(['hot99', 'cold99', 'hot99', 'cold95', null]);
  });
});

describe('Gi* with the FDR correction on seeded lattices (20 × 20, queen contiguity)', () => {
  it('finds no hotspot in pure noise after correction, where uncorrected tests flag some', () => {
    const seeds = Array.from({ length: 20 }, (_v, i) => 1000 + i);
    const corrected = seeds.filter((seed) => flagsOf(noise(seed)).some(Boolean));
    const uncorrected = seeds.filter((seed) => getisOrdGiStar(noise(seed), neighbours).some((g) => g.z !== null && flagOf(g.z)));
    // BH at 5% under the global null: a lattice with any flag is a ≤ 5% event, so one in twenty at most by design
    expect(corrected.length).toBeLessThanOrEqual(1);
    // 400 tests at 95%: about twenty cells of noise are flagged on every lattice without the correction
    expect(uncorrected).toEqual(seeds);
  });

  it('finds a planted cluster and nothing far from it', () => {
    const values = noise(7);
    const cluster = [8, 9, 10].flatMap((r) => [8, 9, 10].map((c) => r * SIDE + c));
    const random = seededRandom(77);
    for (const i of cluster) values[i] = poisson(random, 14);
    const flags = flagsOf(values);
    expect(flags[9 * SIDE + 9]).toBe('hot99');
    expect(cluster.filter((i) => flags[i]?.startsWith('hot')).length).toBeGreaterThanOrEqual(8);
    const far = flags.flatMap((flag, i) => (flag && Math.max(Math.abs(Math.floor(i / SIDE) - 9), Math.abs((i % SIDE) - 9)) > 2 ? [i] : []));
    expect(far).toEqual([]);
  });
});

describe('minimum-count rule', () => {
  it('blocks flags below the minimum number of incidents', () => {
    const [warning] = hotspotWarnings({ incidents: 5, analysed: 2000, meanWeight: 8 });
    expect(warning).toMatchObject({ code: 'too_few_incidents', blocking: true, minimum: HOTSPOT_MIN_INCIDENTS, actual: 5 });
    expect(warning!.message).toMatch(/at least 30/);
    expect(hotspotWarnings({ incidents: HOTSPOT_MIN_INCIDENTS - 1, analysed: 400, meanWeight: 9 }).some((w) => w.blocking)).toBe(true);
  });

  it('allows flags from the minimum on, warning on few cells or sparse neighbourhoods', () => {
    expect(hotspotWarnings({ incidents: 200, analysed: 200, meanWeight: 9 })).toEqual([]);
    expect(hotspotWarnings({ incidents: HOTSPOT_MIN_INCIDENTS, analysed: 54, meanWeight: 9 })).toEqual([]);
    expect(hotspotWarnings({ incidents: 40, analysed: 16, meanWeight: 6.6 }).map((w) => [w.code, w.blocking])).toEqual([['too_few_grids', false]]);
    const sparse = hotspotWarnings({ incidents: 60, analysed: 3000, meanWeight: 8 });
    expect(sparse).toMatchObject([{ code: 'sparse', blocking: false, actual: 0.16 }]);
  });
});
