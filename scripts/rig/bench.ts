/**
 * Throughput on the running rig (`npx tsx scripts/rig/rig.ts up` first): wrk against one app process
 * directly and against HAProxy over all of them, with the CPU each part used per request (from
 * /proc/<pid>/stat: the app processes, the PostgreSQL backends, HAProxy and PgBouncer), then how many SSE
 * clients one process holds and how fast it fans an event out to them. `npx tsx scripts/rig/bench.ts`;
 * results in bench/results/scale-out.json. The numbers in docs/scaling.md come from here.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { wrk, type WrkResult } from '../../bench/support/wrk.ts';
import { sseReader } from '../../tests/support/sse.ts';
import { readState, rigLayout, type RigState } from './state.ts';

const ticksPerMs = 100 / 1000; // USER_HZ = 100 on Linux
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** CPU ticks (user + system) of a process, plus those of its children that exited (cutime, cstime). */
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === parent;
      } catch {
        return false;
      }
    });
}

function pidFile(file: string): number {
  return Number(readFileSync(file, 'utf8').split('\n')[0]);
}

/** A cluster's postmaster and its backends: a backend that exits during a run is counted in the postmaster's cutime. */
function cluster(dataDir: string): number[] {
  const postmaster = pidFile(path.join(dataDir, 'postmaster.pid'));
  return [postmaster, ...childrenOf(postmaster)];
}

/** The processes whose CPU we count, by part. */
function parts(state: RigState): Record<string, () => number[]> {
  const writer = state.writer;
  return {
    node: () => state.pids.apps.filter((pid): pid is number => !!pid),
    postgresPrimary: () => cluster(path.join(state.dir, writer)),
    postgresReplica: () => (writer === 'primary' ? cluster(path.join(state.dir, 'replica')) : []),
    haproxy: () => [pidFile(path.join(state.dir, 'haproxy.pid'))],
    pgbouncer: () => [pidFile(path.join(state.dir, 'pgbouncer.pid'))],
  };
}

async function measured(state: RigState, run: () => Promise<WrkResult>) {
  const before = Object.fromEntries(Object.entries(parts(state)).map(([name, pids]) => [name, pids().reduce((sum, pid) => sum + cpuTicks(pid), 0)]));
  const result = await run();
  const cpuMsPerRequest: Record<string, number> = {};
  for (const [name, pids] of Object.entries(parts(state))) {
    const used = pids().reduce((sum, pid) => sum + cpuTicks(pid), 0) - before[name]!;
    cpuMsPerRequest[name] = +(used / ticksPerMs / Math.max(1, result.requests)).toFixed(3);
  }
  return { ...result, cpuMsPerRequest };
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'demo-commander', password: 'pingan-demo-commander' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pingan_session='));
  if (!cookie) throw new Error(`login failed: ${res.status}`);
  return cookie.split(';')[0]!;
}

/** Opens `count` SSE streams on one process, then times one report's event reaching all of them. */
async function sseFanOut(state: RigState, cookie: string, count: number, point: [number, number]) {
  const port = state.ports.apps[0]!;
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${state.pids.apps[0]}/status`, 'utf8'))![1]) / 1024;
  const before = rss();
  const readers = await Promise.all(
    Array.from({ length: count }, async () => {
      const sse = sseReader(await fetch(`http://127.0.0.1:${port}/api/live`, { headers: { cookie, accept: 'text/event-stream' } }));
      await sse.next(30_000);
      return sse;
    }),
  );
  const held = rss();
  const base = `http://127.0.0.1:${port}`;
  const me = await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json();
  const started = performance.now();
  const res = await fetch(`${base}/api/incidents`, {
    method: 'POST',
    headers: {
      cookie,
      'x-csrf-token': (me as { csrfToken: string }).csrfToken,
      'content-type': 'application/json',
      'idempotency-key': `bench-sse-${Date.now()}`,
    },
    body: JSON.stringify({ category: 'theft', description: '合成演示 bench fan-out', location: { lon: point[0], lat: point[1] } }),
  });
  if (res.status !== 201) throw new Error(`report: ${res.status}`);
  const arrivals = await Promise.all(readers.map(async (sse) => (await sse.until((e) => e.event === 'created', 30_000), performance.now() - started)));
  await Promise.all(readers.map((sse) => sse.close()));
  arrivals.sort((a, b) => a - b);
  return {
    clients: count,
    rssMbBefore: Math.round(before),
    rssMbHeld: Math.round(held),
    kbPerClient: Math.round(((held - before) * 1024) / count),
    lastEventMs: Math.round(arrivals.at(-1)!),
    medianEventMs: Math.round(arrivals[arrivals.length >> 1]!),
  };
}

/** 20 reporters in parallel (a Node client: wrk cannot send unique keys), each POST a new incident with its own key. */
async function reports(port: number, cookie: string, points: [number, number][], seconds: number): Promise<WrkResult> {
  const base = `http://127.0.0.1:${port}`;
  const csrf = ((await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { csrfToken: string }).csrfToken;
  const times: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 20 }, async (_, n) => {
      for (let i = 0; performance.now() < until; i++) {
        const [lon, lat] = points[(n * 31 + i) % points.length]!;
        const sent = performance.now();
        try {
          const res = await fetch(`${base}/api/incidents`, {
            method: 'POST',
            headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'idempotency-key': `bench-${port}-${Date.now()}-${n}-${i}` },
            body: JSON.stringify({ category: 'theft', description: '合成演示 bench report', location: { lon, lat } }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) errors++;
        } catch {
          errors++;
        }
        times.push(performance.now() - sent);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const elapsed = (performance.now() - started) / 1000;
  return {
    requestsPerSecond: Math.round(times.length / elapsed),
    requests: times.length,
    p50Ms: +times[times.length >> 1]!.toFixed(2),
    p99Ms: +times[Math.floor(times.length * 0.99)]!.toFixed(2),
    errors,
  };
}

async function main() {
  const state = readState(rigLayout(0).dir);
  if (!state) throw new Error('start the rig first: npx tsx scripts/rig/rig.ts up');
  const haproxy = state.ports.haproxy;
  const cookie = await login(`http://127.0.0.1:${haproxy}`);
  const primary = new pg.Client({ connectionString: `postgres://pingan_app:${state.password}@127.0.0.1:${state.ports[state.writer]}/pingan` });
  await primary.connect();
  const points = (
    await primary.query<{ lon: number; lat: number }>('SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grid_cells) q')
  ).rows.map((row) => [row.lon, row.lat] as [number, number]);
  const version = (await (await fetch(`http://127.0.0.1:${haproxy}/tiles/grid_cells.json`)).json()) as { tiles: string[] };
  const v = new URL(version.tiles[0]!).searchParams.get('v');
  await primary.end();
  const tile = (lon: number, lat: number, z: number) => {
    const x = Math.floor(((lon + 180) / 360) * 2 ** z);
    const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
    return `/tiles/grid_cells/${z}/${x}/${y}.pbf`;
  };
  const endpoints: Record<string, { paths: string[]; headers: Record<string, string> }> = {
    'tile, cached (versioned, fast path)': {
      paths: points.slice(0, 50).map(([lon, lat]) => `${tile(lon, lat, 14)}?v=${v}`),
      headers: { 'accept-encoding': 'gzip' },
    },
    // z16 tiles around each cell, a different half of the cells per target: each tile asked about once, so nearly all are misses
    'tile, uncached (z16, distinct tiles)': { paths: [], headers: { 'accept-encoding': 'gzip' } },
    locate: { paths: points.map(([lon, lat]) => `/api/locate?lon=${lon}&lat=${lat}`), headers: { cookie } },
    'kpi summary': { paths: ['/api/kpis/summary'], headers: { cookie } },
  };
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const results: Record<string, Record<string, unknown>> = {};
  const around = (cells: [number, number][]) =>
    cells.flatMap(([lon, lat]) => {
      const [, , , z, x, y] = tile(lon, lat, 16)
        .match(/^\/(tiles)\/(grid_cells)\/(\d+)\/(\d+)\/(\d+)/)!
        .map((part) => part);
      return [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => `/tiles/grid_cells/${z}/${Number(x) + dx}/${Number(y) + dy}.pbf?v=${v}&miss=1`));
    });
  const half = points.length >> 1;
  for (const [name, { paths, headers }] of Object.entries(endpoints)) {
    results[name] = {};
    for (const [target, port, index] of [
      ['1 process', state.ports.apps[0]!, 0],
      [`${state.ports.apps.length} processes (HAProxy)`, haproxy, 1],
    ] as const) {
      const list = paths.length ? paths : around(index === 0 ? points.slice(0, half) : points.slice(half));
      results[name][target] = await measured(state, () => wrk(port, list, { connections: 50, seconds, headers }));
      console.log(name, target, JSON.stringify(results[name][target]));
    }
  }
  results.report = {};
  for (const [target, port] of [
    ['1 process', state.ports.apps[0]!],
    [`${state.ports.apps.length} processes (HAProxy)`, haproxy],
  ] as const) {
    results.report[target] = await measured(state, () => reports(port, cookie, points, seconds));
    console.log('report', target, JSON.stringify(results.report[target]));
  }
  const sse = await sseFanOut(state, cookie, Number(process.env.BENCH_SSE ?? 500), points[0]!);
  console.log('sse', JSON.stringify(sse));
  const out = path.join(repo, 'bench/results/scale-out.json');
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), machine: 'rig on loopback, 2 cores', seconds, results, sse }, null, 2));
  console.log(`written ${out}`);
}

await main();
