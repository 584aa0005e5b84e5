/**
 * Hotspots: incident rates per 1,000 households per grid cell, change against the previous period of
 * the same length, and Getis-Ord Gi* over touching cells (core/stats/gistar.ts) with the FDR
 * correction and the minimum-count rule (core/stats/fdr.ts, hotspot-rules.ts).
 */
import { ApiError } from '../../middleware/errors.ts';
import { flagOf, getisOrdGiStar } from '../../../core/stats/gistar.ts';
import { bhAdjust, fdrFlags } from '../../../core/stats/fdr.ts';
import { hotspotWarnings } from '../../../core/stats/hotspot-rules.ts';
import { gridIncidentCounts, incidentCategoryCodes, newestIncident, touchingGrids } from '../../../db/queries/hotspots.ts';
import type { Queryable } from '../../../db/queries/coverage.ts';
import type { HotspotQuery, HotspotResponse, HotspotRow } from '../../../core/contracts/planning.ts';

const DAY = 86_400_000;
export const HOTSPOT_METHOD =
  'incidents reported per 1,000 households per grid cell; Getis-Ord Gi* with binary weights over touching grid cells ' +
  '(queen contiguity: shared edge or corner) within the area, the cell itself included; grid cells without households are left out; ' +
  'two-sided p-values corrected for multiple testing with Benjamini–Hochberg (false discovery rate 1% for 99%, 5% for 95%); ' +
  'nothing is flagged below the minimum number of incidents';
export const NEIGHBOURHOOD_DESCRIPTION =
  'queen contiguity: grid cells sharing an edge or a corner (within 1e-7°) inside the area, binary weights, the cell itself included (Gi*)';

/**
 * Period bounds with defaults (the 90 days up to the CST midnight after `now`) and the previous period
 * of the same length.
 */
export function periodOf(query: Pick<HotspotQuery, 'from' | 'to'>, now = new Date()) {
  const midnight = new Date(Math.ceil((now.getTime() + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000);
  const to = query.to ?? midnight;
  const from = query.from ?? new Date(to.getTime() - 90 * DAY);
  if (from >= to) throw new ApiError(400, 'invalid_request', 'from: the period must start before it ends', 'from');
  if (to.getTime() - from.getTime() > 3 * 366 * DAY) throw new ApiError(400, 'invalid_request', 'from: a period is at most three years', 'from');
  return { from, to, previousFrom: new Date(from.getTime() - (to.getTime() - from.getTime())) };
}

async function categoriesOf(db: Queryable, query: HotspotQuery): Promise<string[] | null> {
  if (query.category && query.group) throw new ApiError(400, 'invalid_request', 'group: give category or group, not both', 'group');
  if (query.group) return incidentCategoryCodes(db, query.group);
  if (!query.category) return null;
  const known = await incidentCategoryCodes(db);
  const codes = [...new Set(query.category.split(','))];
  const unknown = codes.find((code) => !known.includes(code));
  if (unknown) throw new ApiError(400, 'invalid_request', `category: unknown category "${unknown}"; one of ${known.join(', ')}`, 'category');
  return codes;
}

const rateOf = (count: number, households: number) => (households > 0 ? (1000 * count) / households : null);
const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));

/**
 * @example
 * const answer = await computeHotspots(pool, { group: 'dispute' }, '210103');
 */
export async function computeHotspots(db: Queryable, query: HotspotQuery, prefix: string, now = new Date()): Promise<HotspotResponse> {
  const categories = await categoriesOf(db, query);
  // Without an end, the period ends with the newest incident: today on a live system, and still
  // meaningful on historical or demo data.
  const newest = query.to ? null : await newestIncident(db, prefix, categories);
  const period = periodOf(query, newest && newest < now ? newest : now);
  const [counts, pairs] = await Promise.all([gridIncidentCounts(db, { prefix, ...period, categories }), touchingGrids(db, prefix)]);
  // Gi* over the cells that have households; their neighbour lists skip the others
  const analysed = counts.filter((g) => g.households > 0);
  const position = new Map(analysed.map((g, i) => [g.code, i]));
  const neighbours: number[][] = analysed.map(() => []);
  const touching = new Map<string, number>();
  for (const { a, b } of pairs) {
    touching.set(a, (touching.get(a) ?? 0) + 1);
    touching.set(b, (touching.get(b) ?? 0) + 1);
    const [i, j] = [position.get(a), position.get(b)];
    if (i !== undefined && j !== undefined) (neighbours[i]!.push(j), neighbours[j]!.push(i));
  }
  const gi = getisOrdGiStar(
    analysed.map((g) => rateOf(g.incidents, g.households)!),
    neighbours,
  );
  const local = analysed.map((g, i) => neighbours[i]!.reduce((sum, j) => sum + analysed[j]!.incidents, g.incidents));
  const incidents = analysed.reduce((s, g) => s + g.incidents, 0);
  const meanNeighbours = analysed.length ? neighbours.reduce((s, list) => s + list.length, 0) / analysed.length : 0;
  const warnings = hotspotWarnings({ incidents, analysed: analysed.length, meanWeight: meanNeighbours + 1 });
  const blocked = warnings.some((w) => w.blocking);
  const corrected = fdrFlags(gi);
  const q = bhAdjust(gi.map((g) => g.p));
  const rows: HotspotRow[] = counts.map((g) => {
    const i = position.get(g.code);
    const stat = i === undefined ? { z: null, p: null } : gi[i]!;
    const rate = rateOf(g.incidents, g.households);
    const previousRate = rateOf(g.previous, g.households);
    return {
      code: g.code,
      name: g.name,
      households: g.households,
      incidents: g.incidents,
      rate: round(rate, 3),
      previousIncidents: g.previous,
      previousRate: round(previousRate, 3),
      change: rate === null || previousRate === null ? null : round(rate - previousRate, 3),
      neighbours: i === undefined ? 0 : neighbours[i]!.length,
      localIncidents: i === undefined ? g.incidents : local[i]!,
      z: round(stat.z, 4),
      p: round(stat.p, 6),
      q: i === undefined ? null : round(q[i]!, 6),
      flag: i === undefined || blocked ? null : corrected[i]!,
    };
  });
  const count = (flag: string) => rows.filter((r) => r.flag === flag).length;
  return {
    area: prefix || null,
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    previous: { from: period.previousFrom.toISOString(), to: period.from.toISOString() },
    categories,
    rows,
    summary: {
      grids: rows.length,
      analysed: analysed.length,
      incidents: counts.reduce((s, g) => s + g.incidents, 0),
      previousIncidents: counts.reduce((s, g) => s + g.previous, 0),
      hot99: count('hot99'),
      hot95: count('hot95'),
      cold95: count('cold95'),
      cold99: count('cold99'),
      uncorrected: gi.filter((g) => g.z !== null && flagOf(g.z) !== null).length,
    },
    neighbourhood: {
      kind: 'contiguity',
      rule: 'queen',
      description: NEIGHBOURHOOD_DESCRIPTION,
      selfIncluded: true,
      meanNeighbours: Number(meanNeighbours.toFixed(2)),
      isolated: neighbours.filter((list) => list.length === 0).length,
    },
    correction: { method: 'benjamini-hochberg', alpha: [0.05, 0.01] },
    warnings,
    method: HOTSPOT_METHOD,
  };
}
