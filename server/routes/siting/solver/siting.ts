/**
 * Where k new sites help most: lazy greedy, then one-swap interchange, then (when the instance is small
 * enough) branch and bound to prove the optimum. The chosen set is reported in greedy order within
 * itself, so each step's gain is what that site adds to the ones listed before it.
 */
import { greedyMaxCover, type CoverInstance } from './greedy.ts';
import { interchange } from './interchange.ts';
import { exactMaxCover } from './exact.ts';

export type SitingMethod = 'greedy' | 'greedy+interchange' | 'exact';
/** what proved the plan optimal: the online bound met the value, or branch and bound finished */
export type SitingProof = 'online-bound' | 'branch-and-bound' | null;

/** Greedy's a-priori guarantee on the gain of a monotone submodular function (Nemhauser, Wolsey & Fisher 1978). */
export const GREEDY_GUARANTEE = 1 - 1 / Math.E;

export interface SitingStep {
  candidate: number;
  gain: number;
  newlyCovered: number[];
  covered: number;
}

export interface SitingPlan {
  steps: SitingStep[];
  before: number;
  after: number;
  /** weight covered by plain greedy (for reporting how much the refinements added) */
  greedyAfter: number;
  method: SitingMethod;
  /** `after` equals the upper bound: no k sites cover more */
  provenOptimal: boolean;
  /**
   * no k sites can cover more than this (submodular bound from the greedy run, or the proven optimum),
   * so `after / upperBound` is a guaranteed fraction of the optimum
   */
  upperBound: number;
  /**
   * what any k sites could newly cover at most (upperBound − before). The guarantee is on this gain:
   * households already covered count for every plan alike, and dividing them in would flatter the ratio.
   */
  gainUpperBound: number;
  proof: SitingProof;
  evaluations: number;
}

export interface SitingOptions {
  /** interchange after greedy (default true) */
  refine?: boolean;
  /** branch-and-bound budget in candidate gain evaluations; 0 disables the exact phase */
  exactWork?: number;
}

/**
 * Plans k sites over an incidence of candidate → covered elements.
 *
 * @example
 * planSites({ weights: [5, 3, 2], covers: [[0], [1, 2], [0, 2]] }, 2).steps.map((s) => s.candidate)  // → [0, 1] (10 of 10)
 */
export function planSites(instance: CoverInstance, k: number, initiallyCovered: readonly number[] = [], options: SitingOptions = {}): SitingPlan {
  const greedy = greedyMaxCover(instance, k, initiallyCovered);
  let chosen = greedy.steps.map((s) => s.candidate);
  let covered = greedy.after;
  let method: SitingMethod = 'greedy';
  let upperBound = onlineBound(instance, k, initiallyCovered, chosen);
  if (options.refine !== false && chosen.length === k) {
    const improved = interchange(instance, chosen, initiallyCovered);
    if (improved.covered > covered) {
      ({ chosen, covered } = improved);
      method = 'greedy+interchange';
      // the bound holds around any set, so the better set's neighbourhood may give a tighter one
      upperBound = Math.min(
        upperBound,
        onlineBound(
          instance,
          k,
          initiallyCovered,
          sequence(instance, chosen, initiallyCovered).map((s) => s.candidate),
        ),
      );
    }
  }
  const budget = options.exactWork ?? 1_000_000;
  let proof: SitingProof = covered >= upperBound ? 'online-bound' : null;
  if (budget > 0 && covered < upperBound) {
    const exact = exactMaxCover(instance, k, initiallyCovered, { chosen, covered }, budget);
    if (exact.covered > covered) ({ chosen, covered } = exact);
    if (exact.proven) ((method = 'exact'), (upperBound = covered), (proof = 'branch-and-bound'));
  }
  if (covered >= upperBound) upperBound = covered;
  const steps = sequence(instance, chosen, initiallyCovered);
  return {
    steps,
    before: greedy.before,
    after: covered,
    greedyAfter: greedy.after,
    method,
    provenOptimal: covered >= upperBound,
    upperBound,
    gainUpperBound: upperBound - greedy.before,
    proof,
    evaluations: greedy.evaluations,
  };
}

/** Orders a chosen set greedily within itself (largest marginal gain first, lower index on ties). */
function sequence(instance: CoverInstance, chosen: readonly number[], initiallyCovered: readonly number[]): SitingStep[] {
  const sub: CoverInstance = { weights: instance.weights, covers: chosen.map((c) => instance.covers[c]!) };
  const order = greedyMaxCover(sub, chosen.length, initiallyCovered);
  const steps: SitingStep[] = order.steps.map((s) => ({ ...s, candidate: chosen[s.candidate]! }));
  // sites that add nothing (everything already covered) still belong to the plan, at the end
  for (const c of chosen) if (!steps.some((s) => s.candidate === c)) steps.push({ candidate: c, gain: 0, newlyCovered: [], covered: order.after });
  return steps;
}

/**
 * Leskovec's online bound: after any prefix S_i of a sequence of sites, OPT ≤ f(S_i) + the k largest
 * marginal gains w.r.t. S_i. The minimum over every prefix is returned.
 *
 * @example
 * onlineBound({ weights: [1, 1, 1], covers: [[0, 1], [1, 2]] }, 1, [], [0])  // → 2
 */
export function onlineBound(instance: CoverInstance, k: number, initiallyCovered: readonly number[], greedyOrder: readonly number[]): number {
  const { weights, covers } = instance;
  const coveredBy: number[][] = weights.map(() => []);
  covers.forEach((reach, c) => reach.forEach((e) => coveredBy[e]!.push(c)));
  const covered = new Uint8Array(weights.length);
  const gains = new Float64Array(covers.length);
  covers.forEach((reach, c) => reach.forEach((e) => (gains[c]! += weights[e]!)));
  let total = 0;
  const cover = (e: number) => {
    if (covered[e]) return;
    covered[e] = 1;
    total += weights[e]!;
    for (const c of coveredBy[e]!) gains[c]! -= weights[e]!;
  };
  for (const e of initiallyCovered) cover(e);
  let bound = Infinity;
  // every prefix gives a valid bound and the tightest is usually late; sorting only the candidates
  // that still gain something keeps k ≤ 200 prefixes cheap on city-sized instances
  for (let i = 0; i <= greedyOrder.length; i++) {
    const sorted = gains.filter((g) => g > 0).sort();
    let top = 0;
    for (let j = sorted.length - 1; j >= Math.max(0, sorted.length - k); j--) top += sorted[j]!;
    bound = Math.min(bound, total + top);
    if (i < greedyOrder.length) for (const e of covers[greedyOrder[i]!]!) cover(e);
  }
  return bound;
}
