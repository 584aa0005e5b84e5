/**
 * Greedy maximal covering (Church & ReVelle's MCLP, greedy heuristic) with lazy evaluation (CELF,
 * Leskovec et al. 2007). Coverage is submodular, so a candidate's gain can only shrink as sites are
 * added: a stale gain is an upper bound, and a candidate whose freshly recomputed gain is still on
 * top of the heap is the best choice without re-evaluating the others. Pure and dependency-free.
 */
import { MaxHeap } from './heap.ts';

/** Elements (compounds) with weights (households) and, per candidate site, the elements it covers. */
export interface CoverInstance {
  weights: readonly number[];
  /** candidate → indices of the elements within reach */
  covers: readonly (readonly number[])[];
}

export interface GreedyStep {
  /** index into `covers` */
  candidate: number;
  /** weight newly covered by this pick */
  gain: number;
  /** indices of the newly covered elements */
  newlyCovered: number[];
  /** total weight covered after this pick (including the initial coverage) */
  covered: number;
}

export interface GreedyResult {
  steps: GreedyStep[];
  /** weight covered before any pick */
  before: number;
  after: number;
  /** gain evaluations performed (n for the first round, then only the lazy re-evaluations) */
  evaluations: number;
}

/**
 * Picks up to `k` candidates, each maximising the newly covered weight given the earlier picks and the
 * elements already covered (`initiallyCovered`). Stops early when no candidate adds anything.
 * Ties go to the lower candidate index, so results are deterministic.
 *
 * @example
 * greedyMaxCover({ weights: [5, 3, 2], covers: [[0], [1, 2], [0, 2]] }, 2)
 * // → steps: candidate 1 (gain 5), then candidate 0 (gain 5); after = 10
 */
export function greedyMaxCover(instance: CoverInstance, k: number, initiallyCovered: Iterable<number> = []): GreedyResult {
  const { weights, covers } = instance;
  const covered = new Uint8Array(weights.length);
  let total = 0;
  for (const e of initiallyCovered) {
    if (!covered[e]) total += weights[e]!;
    covered[e] = 1;
  }
  const before = total;
  const gainOf = (c: number) => {
    let gain = 0;
    for (const e of covers[c]!) if (!covered[e]) gain += weights[e]!;
    return gain;
  };
  const bound = new Float64Array(covers.length);
  // the round in which `bound` was computed; equal to the current round means it is exact
  const round = new Int32Array(covers.length);
  const heap = new MaxHeap((c) => bound[c]!);
  for (let c = 0; c < covers.length; c++) {
    bound[c] = gainOf(c);
    if (bound[c]! > 0) heap.push(c);
  }
  let evaluations = covers.length;
  const steps: GreedyStep[] = [];
  while (steps.length < k && heap.size > 0) {
    const c = heap.pop()!;
    if (round[c] !== steps.length) {
      bound[c] = gainOf(c);
      round[c] = steps.length;
      evaluations++;
      if (bound[c]! > 0) heap.push(c);
      continue;
    }
    const newlyCovered = covers[c]!.filter((e) => !covered[e]);
    for (const e of newlyCovered) covered[e] = 1;
    total += bound[c]!;
    steps.push({ candidate: c, gain: bound[c]!, newlyCovered, covered: total });
  }
  return { steps, before, after: total, evaluations };
}
