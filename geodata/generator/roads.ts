/**
 * The synthetic walking network of the demo city: streets along every grid boundary (the grid cells are
 * blocks between streets), a gate line from each compound and site to the nearest street of its grid,
 * connectors where streets meet a neighbouring district's, and the Hun River line: a street that crosses
 * it becomes a bridge only every BRIDGE_SPACING_M along the river, the others stop at both banks. Every
 * line is marked synthetic. Lattice units (1e-6°) throughout, like the rest of the generator.
 */
import { createWriteStream } from 'node:fs';
import { nodeLines } from '../../core/graph/noding.ts';
import type { DistrictArea, GridCell } from './city.ts';
import { HUN_RIVER } from './figures.ts';
import { coordinate } from './write.ts';

export const DEMO_ROADS_FILE = 'roads.geojson';
export const ROADS_SOURCE = 'synthetic (Pingan Grid demo generator): streets along grid boundaries, compound gates, bridges over the synthetic Hun River';
/** Shenyang's Hun River bridges in the city are 1.5–3 km apart; the synthetic river gets one every 2 km */
export const BRIDGE_SPACING_M = 2_000;
/** a street stops this far short of the river bank line */
const BANK_GAP_M = 25;
const CONNECT_M = 80;
const MX = 0.083; // metres per lattice unit east–west at 41.8°N
const MY = 0.1106; // and north–south

type P = [number, number];
interface Line {
  a: P;
  b: P;
  kind: 'street' | 'bridge' | 'gate' | 'access' | 'connector';
}

const k = (p: P) => `${p[0]},${p[1]}`;
const dist = (p: P, q: P) => Math.hypot((p[0] - q[0]) * MX, (p[1] - q[1]) * MY);
const river: P[] = HUN_RIVER.map(([x, y]) => [Math.round(x * 1e6), Math.round(y * 1e6)]);

/** Where segment a–b crosses the river: the point and its distance along the river (metres), or null. */
function riverCrossing(a: P, b: P): { at: P; along: number } | null {
  let along = 0;
  for (let i = 0; i + 1 < river.length; i++) {
    const [c, d] = [river[i]!, river[i + 1]!];
    const d1 = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    const d2 = (b[0] - a[0]) * (d[1] - a[1]) - (b[1] - a[1]) * (d[0] - a[0]);
    const d3 = (d[0] - c[0]) * (a[1] - c[1]) - (d[1] - c[1]) * (a[0] - c[0]);
    const d4 = (d[0] - c[0]) * (b[1] - c[1]) - (d[1] - c[1]) * (b[0] - c[0]);
    if (d1 * d2 < 0 && d3 * d4 < 0) {
      const f = d3 / (d3 - d4);
      const at: P = [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])];
      return { at, along: along + dist(c, at) };
    }
    along += dist(c, d);
  }
  return null;
}

/** The point of segment a–b nearest to p, on the lattice. */
function project(p: P, a: P, b: P): P {
  const dx = (b[0] - a[0]) * MX;
  const dy = (b[1] - a[1]) * MY;
  const len = dx * dx + dy * dy;
  const f = len === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * MX * dx + (p[1] - a[1]) * MY * dy) / len));
  return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1]))];
}

/**
 * Builds the network lines of the generated districts, the points to attach (compounds, sites) with their grids.
 *
 * @example
 * const lines = buildRoads(districts, [...compounds, ...sites]);
 */
export function buildRoads(districts: DistrictArea[], attach: { x: number; y: number; grid: GridCell; kind: 'gate' | 'access' }[]): Line[] {
  // 1. streets: every grid ring edge once, with its district
  const segments = new Map<string, { a: P; b: P; district: number; split: P[] }>();
  districts.forEach((d, di) => {
    for (const u of d.units)
      for (const g of u.grids)
        for (const polygon of g.geometry)
          for (const ring of polygon)
            ring.forEach((p, i) => {
              const q = ring[(i + 1) % ring.length]!;
              const [a, b] = k(p as P) < k(q as P) ? [p as P, q as P] : [q as P, p as P];
              const key = `${k(a)}|${k(b)}`;
              if (!segments.has(key)) segments.set(key, { a, b, district: di, split: [] });
            });
  });
  // 2. the river: bridges every BRIDGE_SPACING_M, other crossing streets stop at the banks
  const crossings: { key: string; at: P; along: number }[] = [];
  for (const [key, s] of segments) {
    const x = riverCrossing(s.a, s.b);
    if (x) crossings.push({ key, ...x });
  }
  crossings.sort((p, q) => p.along - q.along || (p.key < q.key ? -1 : 1));
  const lines: Line[] = [];
  let lastBridge = -Infinity;
  const blocked = new Set<string>();
  for (const c of crossings) {
    const s = segments.get(c.key)!;
    blocked.add(c.key);
    if (c.along - lastBridge >= BRIDGE_SPACING_M) {
      lastBridge = c.along;
      lines.push({ a: s.a, b: s.b, kind: 'bridge' });
      continue;
    }
    for (const end of [s.a, s.b]) {
      const length = dist(end, c.at);
      if (length <= BANK_GAP_M * 2) continue;
      const f = (length - BANK_GAP_M) / length;
      lines.push({ a: end, b: [Math.round(end[0] + f * (c.at[0] - end[0])), Math.round(end[1] + f * (c.at[1] - end[1]))], kind: 'street' });
    }
  }
  // 3. gates: each compound and site to the nearest street of its own grid that does not cross the river
  // many compounds and sites share a grid: its ring segments are listed once
  const listed = new Map<GridCell, string[]>();
  const gridSegments = (g: GridCell) => listed.get(g) ?? listed.set(g, ringSegments(g)).get(g)!;
  const ringSegments = (g: GridCell) => {
    const keys: string[] = [];
    for (const polygon of g.geometry)
      for (const ring of polygon)
        ring.forEach((p, i) => {
          const q = ring[(i + 1) % ring.length]!;
          const [a, b] = k(p as P) < k(q as P) ? [p as P, q as P] : [q as P, p as P];
          keys.push(`${k(a)}|${k(b)}`);
        });
    return keys;
  };
  for (const item of attach) {
    const p: P = [item.x, item.y];
    const options = gridSegments(item.grid)
      .filter((key) => !blocked.has(key))
      .map((key) => {
        const s = segments.get(key)!;
        const q = project(p, s.a, s.b);
        return { s, q, d: dist(p, q) };
      })
      .sort((x, y) => x.d - y.d);
    const best = options.find((o) => !riverCrossing(p, o.q));
    if (!best) continue;
    // a point on (or a metre from) the street needs no gate: it attaches to the street's vertex
    if (best.d < 2) continue;
    if (k(best.q) !== k(best.s.a) && k(best.q) !== k(best.s.b)) best.s.split.push(best.q);
    lines.push({ a: p, b: best.q, kind: item.kind });
  }
  for (const [key, s] of segments) {
    if (blocked.has(key)) continue;
    const points = [s.a, ...s.split.sort((p, q) => dist(s.a, p) - dist(s.a, q)), s.b];
    for (let i = 1; i < points.length; i++) if (k(points[i - 1]!) !== k(points[i]!)) lines.push({ a: points[i - 1]!, b: points[i]!, kind: 'street' });
  }
  // 4. connectors: a junction on a district's edge to the nearest street end of a neighbouring district
  lines.push(...connectors(segments));
  return dropUnnoded(lines);
}

function connectors(segments: Map<string, { a: P; b: P; district: number }>): Line[] {
  const degree = new Map<string, { p: P; district: number; n: number }>();
  for (const s of segments.values())
    for (const p of [s.a, s.b]) {
      const entry = degree.get(k(p)) ?? { p, district: s.district, n: 0 };
      entry.n++;
      degree.set(k(p), entry);
    }
  const cell = 2_000; // lattice units ≈ 170–220 m
  const buckets = new Map<string, { p: P; district: number }[]>();
  for (const v of degree.values()) {
    const key = `${Math.floor(v.p[0] / cell)},${Math.floor(v.p[1] / cell)}`;
    (buckets.get(key) ?? buckets.set(key, []).get(key)!).push(v);
  }
  const out: Line[] = [];
  const seen = new Set<string>();
  for (const v of degree.values()) {
    if (v.n < 3) continue;
    let best: { p: P; d: number } | null = null;
    const [cx, cy] = [Math.floor(v.p[0] / cell), Math.floor(v.p[1] / cell)];
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const w of buckets.get(`${cx + dx},${cy + dy}`) ?? []) {
          if (w.district === v.district) continue;
          const d = dist(v.p, w.p);
          if (d <= CONNECT_M && (!best || d < best.d)) best = { p: w.p, d };
        }
    if (!best || best.d === 0) continue;
    const key = [k(v.p), k(best.p)].sort().join('|');
    if (seen.has(key) || riverCrossing(v.p, best.p)) continue;
    seen.add(key);
    out.push({ a: v.p, b: best.p, kind: 'connector' });
  }
  return out;
}

/** Gates and connectors that would cross or nearly touch another line are left out (the importer would refuse them). */
function dropUnnoded(lines: Line[]): Line[] {
  let current = lines;
  for (;;) {
    const { problems } = nodeLines(current.map((l) => ({ coords: [l.a.map((v) => v / 1e6), l.b.map((v) => v / 1e6)], layer: 0 })));
    if (problems.length === 0) return current;
    const drop = new Set<number>();
    for (const p of problems) {
      // prefer dropping an optional line (gate, access, connector) over a street
      const optional = p.lines.filter((i) => current[i]!.kind !== 'street' && current[i]!.kind !== 'bridge');
      drop.add(optional[0] ?? p.lines[p.lines.length - 1]!);
    }
    // each round removes lines, so the loop ends (at worst with no lines at all)
    current = current.filter((_l, i) => !drop.has(i));
  }
}

const CLASS: Record<Line['kind'], { cls: string; drive: boolean }> = {
  street: { cls: 'residential', drive: true },
  bridge: { cls: 'bridge', drive: true },
  gate: { cls: 'gate', drive: false },
  access: { cls: 'footway', drive: false },
  connector: { cls: 'residential', drive: true },
};

/**
 * Writes the lines as the GeoJSON `import roads` reads; returns the number of features.
 *
 * @example
 * const count = await writeRoads(lines, 'out/roads.geojson');
 */
export async function writeRoads(lines: Line[], file: string): Promise<number> {
  const stream = createWriteStream(file);
  const feature = (l: Line) =>
    `{"type":"Feature","properties":{"class":"${CLASS[l.kind].cls}","walk":true,"drive":${CLASS[l.kind].drive},"synthetic":true,"source":${JSON.stringify(ROADS_SOURCE)}},` +
    `"geometry":{"type":"LineString","coordinates":[[${coordinate(l.a[0])},${coordinate(l.a[1])}],[${coordinate(l.b[0])},${coordinate(l.b[1])}]]}}`;
  let buffer = '{"type":"FeatureCollection","features":[\n';
  lines.forEach((l, i) => {
    buffer += `${i ? ',\n' : ''}${feature(l)}`;
    if (buffer.length > 1 << 20) {
      stream.write(buffer);
      buffer = '';
    }
  });
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.end(buffer + '\n]}\n', () => resolve());
  });
  return lines.length;
}
