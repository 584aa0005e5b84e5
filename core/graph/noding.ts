/**
 * Turns road lines into a routable graph: lines meet where they share a vertex (coordinates equal to
 * 1e-7°, about 1 cm), and are split there into edges between junctions. Lines that cross on the same
 * `layer` without a shared vertex, or end a hair's breadth from another line, are not guessed at: a
 * crossing may be a bridge, a near miss a digitising slip. They are reported (`problems`) so an import can
 * refuse the file with the places to fix.
 */

export interface RoadLine {
  /** [lon, lat] positions */
  coords: readonly (readonly number[])[];
  /** lines on different layers (bridges, tunnels) may cross without meeting */
  layer: number;
}

export interface NodedEdge {
  /** index of the line in the input */
  line: number;
  /** 0-based vertex indices */
  from: number;
  to: number;
  coords: [number, number][];
}

export interface NodingProblem {
  kind: 'crossing' | 'near_miss' | 'degenerate';
  /** the line(s) involved, input indices */
  lines: number[];
  at: [number, number];
  /** near miss: metres between the line end and the other line */
  metres?: number;
}

export interface NodedNetwork {
  vertices: [number, number][];
  edges: NodedEdge[];
  problems: NodingProblem[];
}

/** an end closer than this to another line without touching it is a near miss (metres) */
export const NEAR_MISS_M = 1;
const SCALE = 1e7;
const key = (p: readonly number[]) => `${Math.round(p[0]! * SCALE)},${Math.round(p[1]! * SCALE)}`;

/**
 * Nodes the lines. Problems are listed, not thrown; `edges` is meaningful only when there are none.
 *
 * @example
 * const { vertices, edges, problems } = nodeLines([
 *   { coords: [[123.40, 41.80], [123.41, 41.80]], layer: 0 },
 *   { coords: [[123.41, 41.80], [123.41, 41.81]], layer: 0 },
 * ]);
 * // vertices.length === 3, edges.length === 2, problems.length === 0
 */
export function nodeLines(lines: readonly RoadLine[]): NodedNetwork {
  const problems: NodingProblem[] = [];
  const clean = lines.map((line, i) => {
    const out: [number, number][] = [];
    for (const p of line.coords) {
      const q: [number, number] = [Math.round(p[0]! * SCALE) / SCALE, Math.round(p[1]! * SCALE) / SCALE];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    if (out.length < 2) problems.push({ kind: 'degenerate', lines: [i], at: (out[0] ?? [0, 0]) as [number, number] });
    return out;
  });
  // a vertex is a junction when two lines (or one line twice) pass through it, or a line ends there
  // position keys once per position: building them dominated the time on a city's 100,000 lines
  const keys = clean.map((coords) => coords.map(key));
  const uses = new Map<string, number>();
  keys.forEach((list) => {
    const seen = new Set<string>();
    for (const k of list) {
      uses.set(k, (uses.get(k) ?? 0) + (seen.has(k) ? 2 : 1));
      seen.add(k);
    }
  });
  const index = new Map<string, number>();
  const vertices: [number, number][] = [];
  const vertexOf = (p: [number, number], k: string) => {
    let v = index.get(k);
    if (v === undefined) index.set(k, (v = vertices.push(p) - 1));
    return v;
  };
  const edges: NodedEdge[] = [];
  clean.forEach((coords, line) => {
    if (coords.length < 2) return;
    let start = 0;
    for (let i = 1; i < coords.length; i++) {
      if (i < coords.length - 1 && (uses.get(keys[line]![i]!) ?? 0) < 2) continue;
      edges.push({ line, from: vertexOf(coords[start]!, keys[line]![start]!), to: vertexOf(coords[i]!, keys[line]![i]!), coords: coords.slice(start, i + 1) });
      start = i;
    }
  });
  if (problems.length === 0) problems.push(...unnoded(clean, keys, lines, uses));
  return { vertices, edges, problems };
}

interface Segment {
  line: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  a: string;
  b: string;
}

const CELL_M = 250;

/** Crossings without a shared vertex and near misses, found through a uniform grid over the segments. */
function unnoded(clean: [number, number][][], keys: string[][], lines: readonly RoadLine[], uses: Map<string, number>): NodingProblem[] {
  const all = clean.flat();
  if (all.length === 0) return [];
  const lat0 = all.reduce((s, p) => s + p[1], 0) / all.length;
  const kx = 111_320 * Math.cos((lat0 * Math.PI) / 180);
  const ky = 110_574;
  const segments: Segment[] = [];
  // cells keyed by one number (x · 2^21 + y, both offset to stay positive): string keys made this 10× slower
  const cells = new Map<number, number[]>();
  const cellOf = (x: number, y: number) => (x + 1_048_576) * 2_097_152 + (y + 1_048_576);
  clean.forEach((coords, line) => {
    for (let i = 1; i < coords.length; i++) {
      const [p, q] = [coords[i - 1]!, coords[i]!];
      const s: Segment = { line, ax: p[0] * kx, ay: p[1] * ky, bx: q[0] * kx, by: q[1] * ky, a: keys[line]![i - 1]!, b: keys[line]![i]! };
      const id = segments.push(s) - 1;
      const [x0, x1] = [Math.floor((Math.min(s.ax, s.bx) - NEAR_MISS_M) / CELL_M), Math.floor((Math.max(s.ax, s.bx) + NEAR_MISS_M) / CELL_M)];
      const [y0, y1] = [Math.floor((Math.min(s.ay, s.by) - NEAR_MISS_M) / CELL_M), Math.floor((Math.max(s.ay, s.by) + NEAR_MISS_M) / CELL_M)];
      for (let x = x0; x <= x1; x++)
        for (let y = y0; y <= y1; y++) {
          const c = cellOf(x, y);
          const list = cells.get(c);
          if (list) list.push(id);
          else cells.set(c, [id]);
        }
    }
  });
  const problems = new Map<string, NodingProblem>();
  const toLonLat = (x: number, y: number): [number, number] => [Math.round((x / kx) * 1e7) / 1e7, Math.round((y / ky) * 1e7) / 1e7];
  const apart = (s: Segment, t: Segment) =>
    Math.max(s.ax, s.bx) + NEAR_MISS_M < Math.min(t.ax, t.bx) ||
    Math.max(t.ax, t.bx) + NEAR_MISS_M < Math.min(s.ax, s.bx) ||
    Math.max(s.ay, s.by) + NEAR_MISS_M < Math.min(t.ay, t.by) ||
    Math.max(t.ay, t.by) + NEAR_MISS_M < Math.min(s.ay, s.by);
  const nearMiss = (end: Segment, other: Segment, px: number, py: number, k: string) => {
    // only a dangling line end (used once, not a junction) can be a missed connection
    if (uses.get(k) !== 1 || k === other.a || k === other.b || !isLineEnd(keys[end.line]!, k)) return null;
    const d = pointSegment(px, py, other);
    return d < NEAR_MISS_M ? d : null;
  };
  for (const list of cells.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const s = segments[list[i]!]!;
        const t = segments[list[j]!]!;
        if (s.line === t.line || apart(s, t)) continue;
        const pair = () => (s.line < t.line ? `${s.line}:${t.line}` : `${t.line}:${s.line}`);
        const x = lines[s.line]!.layer === lines[t.line]!.layer ? properCrossing(s, t) : null;
        if (x) {
          if (!problems.has(pair())) problems.set(pair(), { kind: 'crossing', lines: [s.line, t.line].sort((a, b) => a - b), at: toLonLat(x[0], x[1]) });
          continue;
        }
        for (const [end, other, px, py, k] of [
          [s, t, s.ax, s.ay, s.a],
          [s, t, s.bx, s.by, s.b],
          [t, s, t.ax, t.ay, t.a],
          [t, s, t.bx, t.by, t.b],
        ] as const) {
          // cheap test first: most segment ends are junctions, not dangling ends
          if (uses.get(k) !== 1) continue;
          const d = nearMiss(end, other, px, py, k);
          if (d !== null && !problems.has(pair())) {
            problems.set(pair(), { kind: 'near_miss', lines: [end.line, other.line], at: toLonLat(px, py), metres: Math.round(d * 100) / 100 });
          }
        }
      }
  }
  return [...problems.values()].sort((a, b) => a.lines[0]! - b.lines[0]! || a.lines[1]! - b.lines[1]!);
}

const isLineEnd = (keys: string[], k: string) => keys[0] === k || keys[keys.length - 1] === k;

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** The point where two segments cross in both interiors (not at an end of either), or null. */
function properCrossing(s: Segment, t: Segment): [number, number] | null {
  if (s.a === t.a || s.a === t.b || s.b === t.a || s.b === t.b) return null;
  const d1 = cross(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const d2 = cross(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const d3 = cross(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const d4 = cross(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (!(d1 * d2 < 0 && d3 * d4 < 0)) return null;
  const f = d3 / (d3 - d4);
  return [s.ax + f * (s.bx - s.ax), s.ay + f * (s.by - s.ay)];
}

function pointSegment(px: number, py: number, s: Segment): number {
  const dx = s.bx - s.ax;
  const dy = s.by - s.ay;
  const len = dx * dx + dy * dy;
  const f = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - s.ax) * dx + (py - s.ay) * dy) / len));
  return Math.hypot(px - (s.ax + f * dx), py - (s.ay + f * dy));
}
