import { describe, expect, it } from 'vitest';
import { flagOf, getisOrdGiStar, normalCdf } from '../../core/stats/gistar.ts';

/** Neighbours on a rows × columns lattice: rook (edges) or queen (edges and corners, like ST_Touches). */
function lattice(rows: number, columns: number, queen: boolean): number[][] {
  return Array.from({ length: rows * columns }, (_v, i) => {
    const [r, c] = [Math.floor(i / columns), i % columns];
    const out: number[] = [];
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        if ((dr === 0 && dc === 0) || (!queen && dr !== 0 && dc !== 0)) continue;
        const [rr, cc] = [r + dr, c + dc];
        if (rr >= 0 && rr < rows && cc >= 0 && cc < columns) out.push(rr * columns + cc);
      }
    return out;
  });
}

describe('Getis-Ord Gi* (hand-computed 3 × 3 fixture)', () => {
  // values 1…8 and 30; n = 9, Σx = 66, x̄ = 66/9, Σx² = 1104, S = √(1104/9 − (66/9)²) = 8.299933
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 30];
  const mean = 66 / 9;
  const S = Math.sqrt(1104 / 9 - mean * mean);
  // Gi* = (Σ_j w_ij x_j − x̄ W) / (S √((n W − W²)/(n − 1))), binary weights with w_ii = 1, W = neighbours + 1
  const hand = (local: number, W: number) => (local - mean * W) / (S * Math.sqrt((9 * W - W * W) / 8));

  it('rook contiguity: the corner 30 with 6 and 8 (W = 3)', () => {
    const z = getisOrdGiStar(values, lattice(3, 3, false));
    expect(S).toBeCloseTo(8.299933, 6);
    expect(z[8]!.z).toBeCloseTo(hand(30 + 6 + 8, 3), 12);
    expect(z[8]!.z).toBeCloseTo(1.767083, 6);
  });

  it('queen contiguity: corners have W = 4, the centre touches everything (undefined)', () => {
    const z = getisOrdGiStar(values, lattice(3, 3, true));
    expect(z[8]!.z).toBeCloseTo(hand(30 + 5 + 6 + 8, 4), 12);
    expect(z[8]!.z).toBeCloseTo(1.498601, 6);
    expect(z[0]!.z).toBeCloseTo(hand(1 + 2 + 4 + 5, 4), 12);
    expect(z[0]!.z).toBeCloseTo(-1.320801, 6);
    expect(z[4]).toEqual({ z: null, p: null, flag: null });
    expect(z[8]!.p).toBeCloseTo(2 * (1 - normalCdf(1.498601)), 6);
    expect(z[8]!.flag).toBeNull();
  });

  it('flags a hot cluster at 99% on a 5 × 5 lattice', () => {
    const values = Array(25).fill(0);
    for (const i of [18, 19, 23, 24]) values[i] = 10;
    values[12] = 2;
    const z = getisOrdGiStar(values, lattice(5, 5, true));
    expect(z.map((g) => Number(g.z!.toFixed(4)))).toEqual([
      -0.9835, -1.2664, -1.2664, -1.2664, -0.9835, -1.2664, -1.4666, -1.4666, -1.4666, -1.2664, -1.2664, -1.4666, -0.3488, 0.7691, 1.2463, -1.2664, -1.4666,
      0.7691, 3.0048, 3.759, -0.9835, -1.2664, 1.2463, 3.759, 4.8709,
    ]);
    expect(z.flatMap((g, i) => (g.flag ? [[i, g.flag]] : []))).toEqual([
      [18, 'hot99'],
      [19, 'hot99'],
      [23, 'hot99'],
      [24, 'hot99'],
    ]);
  });

  it('is undefined when all values are equal', () => {
    expect(getisOrdGiStar([2, 2, 2], [[1], [0, 2], [1]]).every((g) => g.z === null)).toBe(true);
  });

  it('ignores a cell listed as its own neighbour (the star already includes it)', () => {
    expect(getisOrdGiStar([1, 1, 10, 10], [[1], [0, 2], [1, 3, 3], [2, 3]])[3]!.z).toBeCloseTo(Math.sqrt(3), 12);
  });
});

describe('flags and the normal CDF', () => {
  it('thresholds at 1.96 and 2.576, both signs', () => {
    expect([1.959, 1.96, 2.575, 2.576, -1.96, -2.576, 0].map(flagOf)).toEqual([null, 'hot95', 'hot95', 'hot99', 'cold95', 'cold99', null]);
  });
  it('matches tabulated values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975002, 6);
    expect(normalCdf(-2.576)).toBeCloseTo(0.004998, 6);
    expect(normalCdf(3)).toBeCloseTo(0.99865, 6);
  });
});
