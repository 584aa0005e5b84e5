/**
 * #18 item 3: the scale-out rig under mixed load while (a) an app process is killed and restarted,
 * (b) the replica is stopped, (c) the primary is stopped and the replica promoted by hand. Counts, per
 * event, the 5xx and cut connections clients saw, and at the end the reports lost or duplicated (0) and
 * the live events each SSE client missed (0). Runs in its own vitest project (`rig`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { promote, rigDown, rigUp } from '../../scripts/rig/rig.ts';
import { startApp, stopApp } from '../../scripts/rig/apps.ts';
import { startCluster, stopCluster } from '../../scripts/rig/postgres.ts';
import type { RigState } from '../../scripts/rig/state.ts';
import { Client, LiveListener, reportUntilStored, type PhaseCounts } from './load.ts';

let state: RigState;
const run = Date.now().toString(36);
const acknowledged = new Map<string, number>();
const listeners: LiveListener[] = [];
let points: [number, number][] = [];
let stopLoad = false;
let load: Promise<unknown> | undefined;
const clients: Client[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const connect = (port: number) =>
  new pg.Client({ connectionString: `postgres://pingan_app:${state.password}@127.0.0.1:${port}/pingan`, connectionTimeoutMillis: 3000 });

async function sql<R extends pg.QueryResultRow>(port: number, text: string, values: unknown[] = []): Promise<R[]> {
  const client = connect(port);
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function setPhase(phase: string) {
  for (const client of clients) client.phase = phase;
}

/** A reporter: one report after another, each retried with its key until stored, then read back at once. */
async function reporter(client: Client, n: number) {
  for (let i = 0; !stopLoad; i++) {
    const key = `rig-${run}-${n}-${i}`;
    const { id, code } = await reportUntilStored(client, key, points[(n * 7 + i) % points.length]!, Date.now() + 60_000);
    acknowledged.set(key, id);
    // read-your-own-write through a read route (OGC, served by the reader): must show the new case
    const read = await client.request(`/ogc/collections/incidents/items/${code}?f=json`);
    if (read.status === 404) client.count().staleOwnReads++;
    // the control, on every 4th report: the same read of the next report without the position may be stale
    if (i % 4 === 3) {
      const next = await reportUntilStored(client, `${key}-control`, points[i % points.length]!, Date.now() + 60_000);
      acknowledged.set(`${key}-control`, next.id);
      client.withoutPosition = true;
      const control = await client.request(`/ogc/collections/incidents/items/${next.code}?f=json`);
      client.withoutPosition = false;
      if (control.status === 404) client.count().staleWithoutPosition++;
    }
    await sleep(50);
  }
}

/** A reader: TileJSON + a versioned tile, locate, KPI summary — the map and dashboard traffic. */
async function reader(client: Client, n: number) {
  for (let i = 0; !stopLoad; i++) {
    const [lon, lat] = points[(n * 13 + i) % points.length]!;
    const tileJson = await client.request('/tiles/grid_cells.json');
    const template = (tileJson.body as { tiles?: string[] } | null)?.tiles?.[0];
    if (template) {
      const z = 14;
      const x = Math.floor(((lon + 180) / 360) * 2 ** z);
      const y = Math.floor(((1 - Math.asinh(Math.tan((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
      await client.request(new URL(template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y))).pathname + new URL(template).search);
    }
    await client.request(`/api/locate?lon=${lon}&lat=${lat}`);
    await client.request('/api/kpis/summary');
    await sleep(20);
  }
}

function table(): Record<string, PhaseCounts> {
  const merged: Record<string, PhaseCounts> = {};
  for (const client of clients) {
    for (const [phase, counts] of client.counts) {
      const into = (merged[phase] ??= { requests: 0, status5xx: 0, networkErrors: 0, readSource: {}, staleOwnReads: 0, staleWithoutPosition: 0 });
      into.requests += counts.requests;
      into.status5xx += counts.status5xx;
      into.networkErrors += counts.networkErrors;
      into.staleOwnReads += counts.staleOwnReads;
      into.staleWithoutPosition += counts.staleWithoutPosition;
      for (const [source, count] of Object.entries(counts.readSource)) into.readSource[source] = (into.readSource[source] ?? 0) + count;
    }
  }
  return merged;
}

beforeAll(async () => {
  state = await rigUp(2);
  const base = `http://127.0.0.1:${state.ports.haproxy}`;
  const rows = await sql<{ lon: number; lat: number }>(
    state.ports.primary,
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grid_cells ORDER BY code LIMIT 40) q`,
  );
  points = rows.map((row) => [row.lon, row.lat]);
  for (let i = 0; i < 5; i++) {
    const client = new Client(base);
    await client.login('demo-commander', 'pingan-demo-commander');
    clients.push(client);
  }
  for (const client of clients.slice(0, 3)) {
    const listener = new LiveListener(client);
    await listener.start();
    listeners.push(listener);
  }
  load = Promise.all([reporter(clients[0]!, 0), reporter(clients[1]!, 1), reader(clients[3]!, 0), reader(clients[4]!, 1)]);
}, 150_000);

afterAll(async () => {
  stopLoad = true;
  await load?.catch(() => undefined);
  await Promise.all(listeners.map((listener) => listener.stop()));
  if (state) rigDown(state.dir);
}, 60_000);

describe('the scale-out rig', () => {
  it('measures how far the replica lags behind a write (the lag read routing must handle)', async () => {
    await sleep(3000);
    const waits: number[] = [];
    const replica = connect(state.ports.replica);
    await replica.connect();
    try {
      for (let i = 0; i < 20; i++) {
        const res = await clients[2]!.request('/api/incidents', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `rig-${run}-lag-${i}` },
          body: JSON.stringify({ category: 'theft', description: `合成演示 rig lag ${i}`, location: { lon: points[i]![0], lat: points[i]![1] } }),
        });
        expect(res.status).toBe(201);
        acknowledged.set(`rig-${run}-lag-${i}`, (res.body as { id: number }).id);
        const lsn = res.headers.get('x-write-lsn');
        expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
        const started = performance.now();
        while (!(await replica.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn])).rows[0]!.ok) await sleep(1);
        waits.push(performance.now() - started);
      }
    } finally {
      await replica.end();
    }
    waits.sort((a, b) => a - b);
    console.log(`replica lag after a write: p50 ${waits[10]!.toFixed(1)} ms, max ${waits.at(-1)!.toFixed(1)} ms (20 writes)`);
    const counts = table().baseline!;
    expect(counts.readSource.replica ?? 0).toBeGreaterThan(0);
    expect(counts.staleOwnReads).toBe(0);
  });

  it('(a) routes around a killed app process; SSE clients resume on the other one', async () => {
    setPhase('kill-app');
    stopApp(state, 1, 'SIGKILL');
    await sleep(3000);
    await startApp(state, 1);
    await sleep(2000);
    setPhase('after-kill');
    expect(listeners.some((listener) => listener.reconnects > 0)).toBe(true);
  }, 90_000);

  it('(b) reads fall back to the primary while the replica is stopped', async () => {
    setPhase('replica-down');
    stopCluster(state, 'replica');
    await sleep(4000);
    const counts = table()['replica-down']!;
    expect(counts.status5xx).toBe(0);
    expect(counts.readSource.primary ?? 0).toBeGreaterThan(0);
    startCluster(state, 'replica');
    const lsn = (await sql<{ lsn: string }>(state.ports.primary, 'SELECT pg_current_wal_lsn()::text AS lsn'))[0]!.lsn;
    for (let ok = false; !ok; await sleep(100)) {
      ok = (await sql<{ ok: boolean }>(state.ports.replica, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn]).catch(() => [{ ok: false }]))[0]!.ok;
    }
    setPhase('after-replica');
    await sleep(2000);
  }, 90_000);

  it('(c) the replica promoted by hand takes the writes; retried reports land exactly once, no event is missed', async () => {
    setPhase('failover');
    stopCluster(state, 'primary');
    await sleep(2000);
    promote(state);
    await sleep(5000);
    setPhase('after-failover');
    await sleep(3000);
    stopLoad = true;
    await load;
    // every acknowledged report exactly once in the new primary
    const rows = await sql<{ key: string; n: number }>(
      state.ports.replica,
      `SELECT idempotency_key AS key, count(*)::int AS n FROM incidents WHERE idempotency_key LIKE $1 GROUP BY 1`,
      [`rig-${run}-%`],
    );
    const stored = new Map(rows.map((row) => [row.key, row.n]));
    const lost = [...acknowledged.keys()].filter((key) => !stored.has(key));
    const duplicated = rows.filter((row) => row.n > 1).length;
    const byText = await sql<{ n: number }>(
      state.ports.replica,
      `SELECT count(*)::int AS n FROM incidents WHERE description LIKE $1 GROUP BY description HAVING count(*) > 1`,
      [`合成演示 rig rig-${run}-%`],
    );
    // every SSE client saw every created report, across the process kill and the failover
    const ids = new Set(acknowledged.values());
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && listeners.some((listener) => [...ids].some((id) => !listener.created.has(id)))) await sleep(200);
    const missed = listeners.map((listener) => [...ids].filter((id) => !listener.created.has(id)).length);
    const summary = table();
    console.log(
      JSON.stringify(
        {
          reports: acknowledged.size,
          lost: lost.length,
          duplicated: duplicated + byText.length,
          missedEvents: missed,
          reconnects: listeners.map((l) => l.reconnects),
          phases: summary,
        },
        null,
        1,
      ),
    );
    expect(acknowledged.size).toBeGreaterThan(20);
    expect(lost).toEqual([]);
    expect(duplicated + byText.length).toBe(0);
    expect(missed).toEqual(listeners.map(() => 0));
    for (const counts of Object.values(summary)) expect(counts.staleOwnReads).toBe(0);
  }, 120_000);
});
