/**
 * mulberry32: a tiny seeded PRNG, so every benchmark run writes the same files.
 *
 * @example
 * const rnd = seededRandom(42); rnd() // 0.6011037519201636 on every run
 */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
