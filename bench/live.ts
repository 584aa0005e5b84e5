/**
 * Live benchmark: how long from `POST /api/incidents` (sent to server process A) until the `created`
 * event arrives on an SSE stream of server process B, at a steady `--rate` creates a second.
 * Run: `DATABASE_URL=postgres://… npx tsx bench/live.ts [--rate 50] [--seconds 20]` (a throw-away
 * database is created on that server and dropped after), or `--embedded` for PGlite (its 200 ms poll).
 * A and B are two apps on separate pools, each with its own live hub and LISTEN connection, served
 * over HTTP on loopback. Reports p50/p95/p99/max; writes bench/results/live[-embedded].json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { serve } from '@hono/node-server';
import { connectDatabase, migrateDatabase, type Database } from '../db/client.ts';
import { startEmbeddedServer } from '../db/embedded/start.ts';
import { generateDemo, loadDemo } from '../geodata/demo.ts';
import { createApp } from '../server/app.ts';
import { parseEnv } from '../core/env.ts';
import { createAccount } from '../tests/support/accounts.ts';
import { sseReader } from '../tests/support/sse.ts';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '50' }, seconds: { type: 'string', default: '20' }, embedded: { type: 'boolean', default: false } },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const embedded = values.embedded!;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

// --- a throw-away database -------------------------------------------------------------------------
let connection: pg.ClientConfig;
let cleanup: () => Promise<void>;
if (embedded) {
  const dir = mkdtempSync(path.join(tmpdir(), 'pingan-bench-live-'));
  const server = await startEmbeddedServer({ dataDir: dir });
  connection = { host: server.socketDir, port: 5432, user: 'postgres', database: 'postgres' };
  cleanup = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
} else {
  if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostGIS server, or pass --embedded');
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `pingan_bench_live_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  connection = { connectionString: url.toString() };
  cleanup = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}
const mode = embedded ? 'embedded' : 'postgis';
const databases: Database[] = [connectDatabase(mode, connection), connectDatabase(mode, connection)];
const [dbA, dbB] = databases as [Database, Database];

try {
  await migrateDatabase(dbA);
  await loadDemo(dbA, (await generateDemo({ scale: 'small', dataDir: '.data' })).items);
  const points = (await dbA.pool.query(`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grid_cells) g`)).rows as {
    lon: number;
    lat: number;
  }[];
  const account = await createAccount(dbA, { role: 'admin' }, 'bench');
  const env = parseEnv({ LOG_LEVEL: 'silent', DEMO_SEED: 'none' });
  const listen = (database: Database) =>
    new Promise<string>((resolve) => {
      serve({ fetch: createApp({ database, env }).fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(`http://127.0.0.1:${info.port}`));
    });
  const [urlA, urlB] = await Promise.all([listen(dbA), listen(dbB)]);

  const sse = sseReader(await fetch(`${urlB}/api/live`, { headers: account.bearer }));
  if ((await sse.next(10_000)).event !== 'ready') throw new Error('no ready event');
  const received = new Map<number, number>();
  let reading = true;
  const reader = (async () => {
    while (reading) {
      const event = await sse.next(60_000).catch(() => null);
      if (!event) break;
      if (event.event === 'created') received.set((JSON.parse(event.data) as { id: number }).id, performance.now());
    }
  })();

  const count = Math.round(rate * seconds);
  const sentAt: number[] = [];
  const idOf: number[] = [];
  const postMs: number[] = [];
  let failures = 0;
  console.log(`${mode}: ${count} creates at ${rate}/s through A, SSE on B …`);
  const posts: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const point = points[(i * 7919) % points.length]!;
    sentAt[i] = performance.now();
    posts.push(
      fetch(`${urlA}/api/incidents`, {
        method: 'POST',
        headers: { ...account.bearer, 'content-type': 'application/json', 'idempotency-key': `bench-live-${process.pid}-${i}` },
        body: JSON.stringify({ category: 'environment', location: point }),
      }).then(async (res) => {
        postMs[i] = performance.now() - sentAt[i]!;
        if (res.status !== 201) failures++;
        else idOf[i] = ((await res.json()) as { id: number }).id;
      }),
    );
  }
  await Promise.all(posts);
  const deadline = performance.now() + 10_000;
  while (received.size < count - failures && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  reading = false;
  await sse.close();
  await reader;

  const latencies = idOf.flatMap((id, i) => (received.has(id) ? [received.get(id)! - sentAt[i]!] : []));
  const result = {
    date: new Date().toISOString(),
    mode,
    rate,
    seconds,
    sent: count,
    failures,
    delivered: latencies.length,
    achievedRate: +(count / ((sentAt.at(-1)! - start) / 1000)).toFixed(1),
    createToSseMs: {
      p50: +percentile(latencies, 0.5).toFixed(1),
      p95: +percentile(latencies, 0.95).toFixed(1),
      p99: +percentile(latencies, 0.99).toFixed(1),
      max: +Math.max(...latencies).toFixed(1),
    },
    postMs: { p50: +percentile(postMs, 0.5).toFixed(1), p99: +percentile(postMs, 0.99).toFixed(1) },
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/live${embedded ? '-embedded' : ''}.json`, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await Promise.all(databases.map((d) => d.close()));
  await cleanup();
  setTimeout(() => process.exit(0), 100).unref();
}
