/**
 * Siting: builds the incidence (one SQL query), runs the pure planner (solver/siting.ts) and
 * translates candidate/compound indices back into codes, positions and household figures.
 */
import { ApiError } from '../../middleware/errors.ts';
import { GREEDY_GUARANTEE, planSites } from './solver/siting.ts';
import { checkArea, coveredCompounds, METHOD_NOTE, resolveKinds } from '../coverage/coverage-data.ts';
import { sitingIncidence } from '../../../db/queries/siting.ts';
import type { Queryable } from '../../../db/queries/coverage.ts';
import type { SitingRequest, SitingResult, SitingTotals } from '../../../core/contracts/planning-siting.ts';
import { walkMode, walkRadius, WALK_METHOD_NOTE } from '../../planning/walk-coverage.ts';
import { walkSitingIncidence } from '../../planning/walk-siting.ts';

const totals = (households: number, householdsCovered: number, population: number, populationCovered: number): SitingTotals => ({
  households,
  householdsCovered,
  population,
  populationCovered,
  share: households > 0 ? householdsCovered / households : null,
});

/**
 * The k sites that newly cover the most households under `prefix`, in order, with coverage before and
 * after. Kinds are checked against the registry (400 naming `kinds`).
 *
 * @example
 * const result = await computeSiting(pool, { k: 5, candidates: 'compounds', area: '210103' }, '210103');
 */
export async function computeSiting(db: Queryable, request: SitingRequest, prefix: string): Promise<SitingResult> {
  const walk = walkMode(request);
  const { kinds, radius } = await resolveKinds(db, request.kinds, request.radius);
  const [compounds, candidates] = walk
    ? await coveredCompounds(db, { kinds, radius, prefix, withNearest: false, walk }).then(async (rows) => {
        const uncovered = new Set(rows.filter((c) => !c.covered).map((c) => c.code));
        return [rows, await walkSitingIncidence(db, { minutes: walk.minutes, prefix, candidates: request.candidates, uncovered })] as const;
      })
    : await Promise.all([
        coveredCompounds(db, { kinds, radius, prefix, withNearest: false }),
        sitingIncidence(db, { kinds, radius, prefix, candidates: request.candidates }),
      ]);
  const index = new Map(compounds.map((c, i) => [c.code, i]));
  const covers = candidates.map((candidate) =>
    candidate.covers.map((code) => {
      const i = index.get(code);
      if (i === undefined) throw new ApiError(409, 'data_changed', 'the compounds changed during the computation; try again');
      return i;
    }),
  );
  const initially = compounds.flatMap((c, i) => (c.covered ? [i] : []));
  const plan = planSites({ weights: compounds.map((c) => c.households), covers }, request.k, initially);
  const population = compounds.reduce((s, c) => s + c.population, 0);
  const households = compounds.reduce((s, c) => s + c.households, 0);
  let populationCovered = initially.reduce((s, i) => s + compounds[i]!.population, 0);
  const before = totals(households, plan.before, population, populationCovered);
  const sites = plan.steps.map((step, rank) => {
    const candidate = candidates[step.candidate]!;
    const populationGain = step.newlyCovered.reduce((s, i) => s + compounds[i]!.population, 0);
    populationCovered += populationGain;
    return {
      rank: rank + 1,
      code: candidate.code,
      name: candidate.name,
      lon: candidate.lon,
      lat: candidate.lat,
      gain: step.gain,
      populationGain,
      newlyCovered: step.newlyCovered.map((i) => compounds[i]!.code),
      householdsCovered: step.covered,
      share: households > 0 ? step.covered / households : null,
    };
  });
  return {
    kinds,
    radius: walk ? walkRadius(walk.minutes) : radius,
    k: request.k,
    candidates: request.candidates,
    area: prefix || null,
    sites,
    before,
    after: totals(households, plan.after, population, populationCovered),
    method: plan.method,
    upperBound: plan.upperBound,
    provenOptimal: plan.provenOptimal,
    proof: plan.proof,
    gainUpperBound: plan.gainUpperBound,
    // null when nothing can be gained: every plan is then optimal and a ratio says nothing
    gainRatio: plan.gainUpperBound > 0 ? Math.min(1, (plan.after - plan.before) / plan.gainUpperBound) : null,
    guarantee: GREEDY_GUARANTEE,
    greedyHouseholdsCovered: plan.greedyAfter,
    candidatesConsidered: candidates.length,
    pairs: covers.reduce((s, c) => s + c.length, 0),
    note: `${walk ? `walking ${walk.minutes} minutes: ${WALK_METHOD_NOTE}` : METHOD_NOTE}; candidates: ${request.candidates === 'compounds' ? 'compound locations' : 'a point inside each grid cell'}`,
  };
}

/**
 * {@link computeSiting} for the request's own area, after a 404 naming `area` if that area does not exist.
 *
 * @example
 * const result = await sitingForRequest(pool, { k: 5, candidates: 'compounds', area: '210103' });
 */
export async function sitingForRequest(db: Queryable, request: SitingRequest): Promise<SitingResult> {
  await checkArea(db, request.area);
  return computeSiting(db, request, request.area ?? '');
}
