/**
 * Exact maximal covering by branch and bound, for areas small enough to prove the optimum. The bound
 * is submodularity's: from a partial choice S with r picks left, nothing beats f(S) plus the r largest
 * current marginal gains. Seeded with the heuristic solution, so it mostly proves that one optimal.
 */
import type { CoverInstance } from './greedy.ts';

export interface ExactResult {
  /** false when the node budget ran out before the search finished: `chosen` is then the best found */
  proven: boolean;
  chosen: number[];
  covered: number;
  /** candidate gain evaluations spent */
  work: number;
}

/**
 * Searches all k-subsets of the useful candidates (positive gain, not dominated by an identical set of a
 * lower index) with pruning; gives up after `maxWork` candidate gain evaluations.
 *
 * @example
 * exactMaxCover({ weights: [3, 3, 4], covers: [[0, 1], [2], [1, 2]] }, 1, [], { chosen: [0], covered: 6 })
 * // → { proven: true, chosen: [0], covered: 6, … }
 */
export function exactMaxCover(
  instance: CoverInstance,
  k: number,
  initiallyCovered: Iterable<number>,
  start: { chosen: readonly number[]; covered: number },
  maxWork = 1_000_000,
  maxPool = 400,
): ExactResult {
  const { weights, covers } = instance;
  const count = new Int32Array(weights.length);
  let base = 0;
  for (const e of initiallyCovered) {
    if (!count[e]) base += weights[e]!;
    count[e] = 1;
  }
  // Candidates with something to add, identical reach sets collapsed, strongest first.
  const seen = new Set<string>();
  const pool: number[] = [];
  for (let c = 0; c < covers.length; c++) {
    const reach = covers[c]!.filter((e) => !count[e]);
    if (!reach.length) continue;
    const key = [...reach].sort((a, b) => a - b).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    pool.push(c);
  }
  const gainOf = (c: number) => {
    let g = 0;
    for (const e of covers[c]!) if (!count[e]) g += weights[e]!;
    return g;
  };
  // a search over thousands of candidates cannot finish in budget: do not start it
  if (pool.length > maxPool) return { proven: false, chosen: [...start.chosen], covered: start.covered, work: 0 };
  pool.sort((a, b) => gainOf(b) - gainOf(a) || a - b);
  let best = { chosen: [...start.chosen], covered: start.covered };
  let work = 0;
  const picked: number[] = [];
  const add = (c: number, sign: 1 | -1) => {
    for (const e of covers[c]!) count[e] += sign;
  };
  const search = (from: number, covered: number): boolean => {
    if (covered > best.covered) best = { chosen: [...picked], covered };
    const left = k - picked.length;
    if (left === 0 || from >= pool.length) return true;
    work += pool.length - from;
    if (work > maxWork) return false;
    const gains = pool.slice(from).map((c, i) => ({ i: from + i, g: gainOf(c) }));
    const top = gains.map((x) => x.g).sort((a, b) => b - a);
    let bound = covered;
    for (let i = 0; i < left && i < top.length; i++) bound += top[i]!;
    if (bound <= best.covered) return true;
    for (const { i, g } of gains) {
      if (g === 0) continue;
      // the remaining picks come from later candidates only; their bound can only shrink
      const c = pool[i]!;
      picked.push(c);
      add(c, 1);
      const finished = search(i + 1, covered + g);
      add(c, -1);
      picked.pop();
      if (!finished) return false;
    }
    return true;
  };
  const proven = search(0, base);
  return { proven, chosen: best.chosen.length ? best.chosen : [...start.chosen], covered: Math.max(best.covered, start.covered), work };
}
