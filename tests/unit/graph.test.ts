/**
 * The pure graph helpers (core/graph): Dijkstra against golden answers worked out by hand, against a
 * Bellman–Ford reference on random graphs, and the noding of shared vertices, crossings and near misses.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildGraph, shortestFrom } from '../../core/graph/dijkstra.ts';
import { MinHeap } from '../../core/graph/heap.ts';
import { nodeLines } from '../../core/graph/noding.ts';

describe('MinHeap', () => {
  it('pops in key order', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 300 }), (keys) => {
        const heap = new MinHeap(4);
        keys.forEach((k, i) => heap.push(k, i));
        const out: number[] = [];
        while (heap.size) out.push(keys[heap.pop()]!);
        expect(out).toEqual([...keys].sort((a, b) => a - b));
      }),
    );
  });
});

describe('shortestFrom (golden)', () => {
  // 0 —4— 1 —1— 2
  //  \         /
  //   —— 10 ——     3 —2— 4 (an island)
  const graph = buildGraph(5, { from: [0, 1, 0, 3], to: [1, 2, 2, 4], cost: [4, 1, 10, 2] }, true);

  it('finds the cheaper way round, leaves the island unreached', () => {
    const reach = shortestFrom(graph, [{ node: 0, cost: 0 }]);
    expect([...reach.cost]).toEqual([0, 4, 5, Infinity, Infinity]);
    expect([...reach.previous]).toEqual([-1, 0, 1, -1, -1]);
  });

  it('takes the nearest of several sources with their starting costs, and stops at the limit', () => {
    const reach = shortestFrom(graph, [
      { node: 0, cost: 3 },
      { node: 2, cost: 0 },
      { node: 4, cost: 1 },
    ]);
    expect([...reach.cost]).toEqual([3, 1, 0, 3, 1]);
    expect([...reach.origin]).toEqual([0, 1, 1, 2, 2]);
    const limited = shortestFrom(graph, [{ node: 0, cost: 0 }], 4);
    expect([...limited.cost]).toEqual([0, 4, Infinity, Infinity, Infinity]);
  });

  it('respects direction when asked', () => {
    const directed = buildGraph(3, { from: [0, 1], to: [1, 2], cost: [1, 1] }, false);
    expect([...shortestFrom(directed, [{ node: 2, cost: 0 }]).cost]).toEqual([Infinity, Infinity, 0]);
  });

  it('refuses negative costs', () => {
    expect(() => buildGraph(2, { from: [0], to: [1], cost: [-1] }, true)).toThrow(/cost must be a finite number ≥ 0/);
  });

  it('equals Bellman–Ford on random graphs', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 25 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 0, max: 50 })), { maxLength: 60 }),
              fc.array(fc.tuple(fc.nat(n - 1), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 4 }),
            ),
          ),
        ([n, edges, sources]) => {
          const graph = buildGraph(n, { from: edges.map((e) => e[0]), to: edges.map((e) => e[1]), cost: edges.map((e) => e[2]) }, true);
          const got = shortestFrom(
            graph,
            sources.map(([node, cost]) => ({ node, cost })),
          ).cost;
          const want = new Array<number>(n).fill(Infinity);
          for (const [node, cost] of sources) want[node] = Math.min(want[node]!, cost);
          for (let round = 0; round < n; round++)
            for (const [a, b, c] of edges) {
              want[b] = Math.min(want[b]!, want[a]! + c);
              want[a] = Math.min(want[a]!, want[b]! + c);
            }
          expect([...got]).toEqual(want);
        },
      ),
    );
  });
});

describe('nodeLines', () => {
  it('splits lines at shared interior vertices', () => {
    const { vertices, edges, problems } = nodeLines([
      {
        coords: [
          [0, 0],
          [1, 0],
          [2, 0],
        ],
        layer: 0,
      },
      {
        coords: [
          [1, -1],
          [1, 0],
          [1, 1],
        ],
        layer: 0,
      },
    ]);
    expect(problems).toEqual([]);
    expect(vertices).toHaveLength(5);
    expect(edges.map((e) => [e.line, e.coords.length])).toEqual([
      [0, 2],
      [0, 2],
      [1, 2],
      [1, 2],
    ]);
  });

  it('keeps a vertex used by one line only inside its edge', () => {
    const { vertices, edges } = nodeLines([
      {
        coords: [
          [0, 0],
          [0.001, 0.001],
          [0.002, 0],
        ],
        layer: 0,
      },
    ]);
    expect([vertices.length, edges.length, edges[0]!.coords.length]).toEqual([2, 1, 3]);
  });

  it('reports crossings on one layer, near misses and degenerate lines', () => {
    expect(
      nodeLines([
        {
          coords: [
            [0, 0],
            [0.01, 0.01],
          ],
          layer: 0,
        },
        {
          coords: [
            [0, 0.01],
            [0.01, 0],
          ],
          layer: 0,
        },
      ]).problems,
    ).toEqual([{ kind: 'crossing', lines: [0, 1], at: [0.005, 0.005] }]);
    expect(
      nodeLines([
        {
          coords: [
            [0, 0],
            [0.01, 0.01],
          ],
          layer: 0,
        },
        {
          coords: [
            [0, 0.01],
            [0.01, 0],
          ],
          layer: 1,
        },
      ]).problems,
    ).toEqual([]);
    const near = nodeLines([
      {
        coords: [
          [126, 41],
          [126.01, 41],
        ],
        layer: 0,
      },
      {
        coords: [
          [126.005, 41.01],
          [126.005, 41.000003],
        ],
        layer: 0,
      },
    ]).problems;
    expect(near).toHaveLength(1);
    expect(near[0]).toMatchObject({ kind: 'near_miss', lines: [1, 0] });
    expect(near[0]!.metres).toBeCloseTo(0.33, 1);
    expect(
      nodeLines([
        {
          coords: [
            [1, 1],
            [1, 1],
          ],
          layer: 0,
        },
      ]).problems,
    ).toEqual([{ kind: 'degenerate', lines: [0], at: [1, 1] }]);
  });
});
