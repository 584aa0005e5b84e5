/**
 * Least walking seconds from a set of sources to the network's vertices: pgRouting on a PostGIS server
 * that has it, otherwise the same multi-source Dijkstra in TypeScript on the edges read from the
 * database (the embedded engine has no pgRouting). docs/adr/0015-walking-network-distance.md.
 */
import { buildGraph, shortestFrom } from '../../core/graph/dijkstra.ts';
import { walkEdges, type Box, type Queryable } from '../../db/queries/roads.ts';
import { hasPgRouting, pgRoutingReach } from '../../db/queries/walk.ts';

export type WalkEngine = 'pgrouting' | 'dijkstra';

export interface WalkSource {
  vertex: number;
  /** seconds from the site to its vertex */
  seconds: number;
}

const known = new WeakMap<object, Promise<boolean>>();

/**
 * The engine a database runs walking distance on: pgRouting when the extension is installed.
 *
 * @example
 * await walkEngineOf(pool) // 'dijkstra' on the embedded database
 */
export async function walkEngineOf(db: Queryable): Promise<WalkEngine> {
  let answer = known.get(db);
  if (!answer) known.set(db, (answer = hasPgRouting(db)));
  return (await answer) ? 'pgrouting' : 'dijkstra';
}

/**
 * Vertex → least seconds from any source, for vertices within `limit` seconds. `box` restricts the
 * edges (an area plus the farthest walk), `engine` overrides the database's own choice (tests compare both).
 *
 * @example
 * const reach = await walkReach(pool, [{ vertex: 7, seconds: 12 }], 900);
 */
export async function walkReach(
  db: Queryable,
  sources: WalkSource[],
  limit: number,
  options: { box?: Box; engine?: WalkEngine } = {},
): Promise<Map<number, number>> {
  const engine = options.engine ?? (await walkEngineOf(db));
  if (engine === 'pgrouting') return pgRoutingReach(db, sources, limit, options.box);
  return dijkstraReach(await walkEdges(db, options.box), sources, limit);
}

/**
 * The TypeScript engine on edges already read (vertex ids are mapped to dense indices for the arrays).
 *
 * @example
 * dijkstraReach({ id: [1], source: [10], target: [11], seconds: [60] }, [{ vertex: 10, seconds: 0 }], 900) // Map { 10 → 0, 11 → 60 }
 */
export function dijkstraReach(edges: Awaited<ReturnType<typeof walkEdges>>, sources: WalkSource[], limit: number): Map<number, number> {
  const dense = new Map<number, number>();
  const ids: number[] = [];
  const at = (vertex: number) => {
    let i = dense.get(vertex);
    if (i === undefined) dense.set(vertex, (i = ids.push(vertex) - 1));
    return i;
  };
  const from = edges.source.map(at);
  const to = edges.target.map(at);
  const starts = sources.map((s) => ({ node: at(s.vertex), cost: s.seconds }));
  const graph = buildGraph(ids.length, { from, to, cost: edges.seconds }, true);
  const { cost } = shortestFrom(graph, starts, limit);
  const reach = new Map<number, number>();
  cost.forEach((c, i) => {
    if (c !== Infinity) reach.set(ids[i]!, c);
  });
  return reach;
}
