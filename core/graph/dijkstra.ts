/**
 * Shortest paths on a road graph, dependency-free: the embedded database has no pgRouting, so walking
 * coverage runs this multi-source Dijkstra on edges read from the database (docs/adr/0015). The result
 * equals pgRouting's pgr_drivingDistance(…, equicost := true) on the same edges: every node gets the least
 * cost from any source, and which source that is.
 */
import { MinHeap } from './heap.ts';

/** An adjacency list in compressed form: the arcs of node n are offsets[n] … offsets[n+1]-1. */
export interface Graph {
  nodeCount: number;
  offsets: Int32Array;
  targets: Int32Array;
  costs: Float64Array;
}

export interface EdgeList {
  from: ArrayLike<number>;
  to: ArrayLike<number>;
  cost: ArrayLike<number>;
}

/**
 * Builds the compressed adjacency of `nodeCount` nodes (0 … nodeCount-1). Undirected: each edge is an
 * arc both ways (walking ignores one-way streets). Negative or non-finite costs are refused: Dijkstra
 * would silently give wrong answers.
 *
 * @example
 * const graph = buildGraph(3, { from: [0, 1], to: [1, 2], cost: [5, 7] }, true);
 * graph.offsets; // Int32Array [0, 1, 3, 4]
 */
export function buildGraph(nodeCount: number, edges: EdgeList, undirected: boolean): Graph {
  const m = edges.from.length;
  const degree = new Int32Array(nodeCount + 1);
  for (let e = 0; e < m; e++) {
    const cost = edges.cost[e]!;
    if (!(cost >= 0) || !Number.isFinite(cost)) throw new RangeError(`edge ${e}: cost must be a finite number ≥ 0, got ${cost}`);
    const a = edges.from[e]!;
    const b = edges.to[e]!;
    if (a < 0 || a >= nodeCount || b < 0 || b >= nodeCount) throw new RangeError(`edge ${e}: node outside 0…${nodeCount - 1}`);
    degree[a + 1]!++;
    if (undirected) degree[b + 1]!++;
  }
  for (let n = 0; n < nodeCount; n++) degree[n + 1]! += degree[n]!;
  const offsets = degree;
  const fill = offsets.slice(0, nodeCount);
  const arcs = undirected ? 2 * m : m;
  const targets = new Int32Array(arcs);
  const costs = new Float64Array(arcs);
  for (let e = 0; e < m; e++) {
    const a = edges.from[e]!;
    const b = edges.to[e]!;
    let at = fill[a]!++;
    targets[at] = b;
    costs[at] = edges.cost[e]!;
    if (undirected) {
      at = fill[b]!++;
      targets[at] = a;
      costs[at] = edges.cost[e]!;
    }
  }
  return { nodeCount, offsets, targets, costs };
}

export interface Reach {
  /** least cost from any source, Infinity when not reached within the limit */
  cost: Float64Array;
  /** index (in the `sources` array) of the source that reaches the node at that cost, -1 when not reached */
  origin: Int32Array;
  /** predecessor node on the shortest path, -1 for sources and unreached nodes */
  previous: Int32Array;
}

/**
 * Multi-source Dijkstra: each source is a node with a starting cost (the walk from a site to the network).
 * Nodes farther than `limit` stay unreached; a node exactly at the limit counts as reached. Ties between
 * sources go to the one that settles first, i.e. the lower source index at equal cost.
 *
 * @example
 * const graph = buildGraph(3, { from: [0, 1], to: [1, 2], cost: [5, 7] }, true);
 * const reach = shortestFrom(graph, [{ node: 0, cost: 0 }]);
 * reach.cost; // Float64Array [0, 5, 12]
 */
export function shortestFrom(graph: Graph, sources: readonly { node: number; cost: number }[], limit = Infinity): Reach {
  const n = graph.nodeCount;
  const cost = new Float64Array(n).fill(Infinity);
  const origin = new Int32Array(n).fill(-1);
  const previous = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  const heap = new MinHeap(Math.min(1 << 16, n + sources.length));
  sources.forEach((source, index) => {
    if (source.cost <= limit && source.cost < cost[source.node]!) {
      cost[source.node] = source.cost;
      origin[source.node] = index;
      heap.push(source.cost, source.node);
    }
  });
  const { offsets, targets, costs } = graph;
  while (heap.size > 0) {
    const key = heap.peekKey();
    const node = heap.pop();
    if (done[node] || key > cost[node]!) continue;
    done[node] = 1;
    for (let arc = offsets[node]!; arc < offsets[node + 1]!; arc++) {
      const next = targets[arc]!;
      const through = key + costs[arc]!;
      if (through < cost[next]! && through <= limit) {
        cost[next] = through;
        origin[next] = origin[node]!;
        previous[next] = node;
        heap.push(through, next);
      }
    }
  }
  return { cost, origin, previous };
}

/**
 * Many small searches on one graph (a walk of a few minutes from each of thousands of candidate sites):
 * the arrays are allocated once and only the nodes a search touched are reset, so a search costs what it
 * reaches, not the size of the city.
 *
 * @example
 * const search = new BoundedSearch(graph);
 * search.run([{ node: 0, cost: 0 }], 900, (node, cost) => console.log(node, cost));
 */
export class BoundedSearch {
  private readonly cost: Float64Array;
  private readonly done: Uint8Array;
  private readonly touched: number[] = [];
  private readonly heap = new MinHeap(1024);

  constructor(private readonly graph: Graph) {
    this.cost = new Float64Array(graph.nodeCount).fill(Infinity);
    this.done = new Uint8Array(graph.nodeCount);
  }

  /** Calls `visit` once for every node within `limit`, in order of cost. */
  run(sources: readonly { node: number; cost: number }[], limit: number, visit: (node: number, cost: number) => void): void {
    const { cost, done, touched, heap } = this;
    const { offsets, targets, costs } = this.graph;
    const relax = (node: number, c: number) => {
      if (c > limit || c >= cost[node]!) return;
      if (cost[node] === Infinity) touched.push(node);
      cost[node] = c;
      heap.push(c, node);
    };
    for (const s of sources) relax(s.node, s.cost);
    while (heap.size > 0) {
      const key = heap.peekKey();
      const node = heap.pop();
      if (done[node] || key > cost[node]!) continue;
      done[node] = 1;
      visit(node, key);
      for (let arc = offsets[node]!; arc < offsets[node + 1]!; arc++) relax(targets[arc]!, key + costs[arc]!);
    }
    for (const node of touched) {
      cost[node] = Infinity;
      done[node] = 0;
    }
    touched.length = 0;
  }
}
