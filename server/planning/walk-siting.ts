/**
 * Siting by walking time: which uncovered compounds each candidate would reach within `minutes` on foot.
 * Thousands of short searches on one graph, so they run in TypeScript on both engines (BoundedSearch),
 * on the edges pgRouting would read; a round trip to pgRouting per candidate would cost more than the search.
 */
import { BoundedSearch, buildGraph } from '../../core/graph/dijkstra.ts';
import { WALK_SPEED_MPS } from '../../core/graph/walk.ts';
import type { CandidateRow } from '../../db/queries/siting.ts';
import { candidateAttachments, compoundAttachments, walkEdges, type Queryable } from '../../db/queries/roads.ts';

/**
 * The walking incidence: for each candidate, the codes of the given compounds within `minutes`.
 *
 * @example
 * const rows = await walkSitingIncidence(pool, { minutes: 15, prefix: '210103', candidates: 'compounds', uncovered: new Set(['C1']) });
 */
export async function walkSitingIncidence(
  db: Queryable,
  request: { minutes: number; prefix: string; candidates: 'compounds' | 'grids'; uncovered: Set<string> },
): Promise<CandidateRow[]> {
  const limit = request.minutes * 60;
  const [edges, compounds, candidates] = await Promise.all([
    walkEdges(db),
    compoundAttachments(db, request.prefix),
    candidateAttachments(db, request.candidates, request.prefix),
  ]);
  const dense = new Map<number, number>();
  const at = (vertex: number) => dense.get(vertex) ?? dense.set(vertex, dense.size).get(vertex)!;
  const from = edges.source.map(at);
  const to = edges.target.map(at);
  // compounds waiting to be covered, by their vertex, with their own walk to it
  const waiting = new Map<number, { code: string; seconds: number }[]>();
  for (const c of compounds) {
    if (!request.uncovered.has(c.code) || c.vertex === null) continue;
    const node = at(c.vertex);
    (waiting.get(node) ?? waiting.set(node, []).get(node)!).push({ code: c.code, seconds: c.metres! / WALK_SPEED_MPS });
  }
  const starts = candidates.map((c) => (c.vertex === null ? null : { node: at(c.vertex), cost: c.metres! / WALK_SPEED_MPS }));
  const search = new BoundedSearch(buildGraph(dense.size, { from, to, cost: edges.seconds }, true));
  return candidates.map((c, i) => {
    const covers: string[] = [];
    const start = starts[i];
    if (start) {
      search.run([start], limit, (node, cost) => {
        for (const w of waiting.get(node) ?? []) if (cost + w.seconds <= limit + 1e-9) covers.push(w.code);
      });
    }
    return { code: c.code, name: c.name, lon: c.lon, lat: c.lat, covers: covers.sort() };
  });
}
