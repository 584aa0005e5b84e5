/**
 * Field benchmark (PostGIS): `/api/locate` and `/api/search` at 50 in flight over loopback keep-alive
 * connections (wrk when installed), the app in a child process, each against its statement alone in
 * the same run; then locate at about 300 requests/s, open loop. `ratios` holds the rows:
 * locateAt50InFlightApiOverStatement (target ≥ 0.85), searchAt50InFlightApiOverStatement (≥ 0.85),
 * locateP99MsAt300PerSecond (≤ 10 ms, beside `locateRequiredStatementsAt300PerSecond`, its statements
 * paced alike); beside them `…OverRequiredStatements`: the API against every
 * statement its answer needs for the caller (a staff locate's audit row, a staff search's worker lookup).
 *
 *   DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/pingan_field_bench npx tsx bench/field.ts [--scale small|full]
 *
 * The database is created when missing and seeded with the demo city once (kept for the next run).
 * Seeded inputs: 2,000 points inside the city's grids, 500 queries built from real names (Chinese
 * substrings, full pinyin prefixes, initials, code prefixes). Each endpoint runs 500 sequential requests
 * (the latency of one request alone), then 3 rounds of 3,000 requests at 50 concurrent after a warm-up;
 * last, the same rounds on each endpoint's database statement alone (the floor any server is above);
 * p50/p99 are quoted as the median over the rounds, with the machine's load average. The app's pool
 * has DATABASE_POOL_SIZE connections (default here: 2 per core, as the database shares this machine). Writes
 * bench/results/field.json. Bounded: fixed request counts, the child is killed at the end.
 */
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { connectDatabase, migrateDatabase } from '../db/client.ts';
import { seedDemoIfEmpty, type DemoScale } from '../geodata/demo.ts';
import { refreshSearchIndex, pinyinOf } from '../db/queries/search-index.ts';
import { createUser } from '../db/queries/auth.ts';
import { createApiToken } from '../db/queries/auth-tokens.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../server/access/tokens.ts';
import { benchChildExecArgv, benchChildStdio, serveForBench } from './tiles-server.ts';
import { ensureDatabase } from './support/city-database.ts';
import { hasWrk, wrk } from './support/wrk.ts';
import { locateWithSites } from '../db/queries/locate.ts';
import { searchPlaces } from '../db/queries/search.ts';
import { mediationKinds, watchKinds } from '../server/routes/field/locate-answer.ts';
import { searchWorkers } from '../db/queries/search-workers.ts';
import { appendAudit } from '../db/queries/audit.ts';
import { parseEnv } from '../core/env.ts';

const CONCURRENCY = 50;
const REQUESTS = 3000;
/** sequential baseline: the latency of one request with nothing queued behind it */
const SEQUENTIAL = 500;
const ROUNDS = 3;

function rng(seed: number) {
  return () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function get(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    request.on('error', reject);
  });
}

/** `count` calls of `call(i)` over `concurrency` workers; latencies in ms, throughput in calls/s. */
async function drive(call: (i: number) => Promise<void>, count: number, concurrency = CONCURRENCY) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), rps: count / seconds };
}

/** `count` requests over `CONCURRENCY` keep-alive connections. */
const load = (port: number, paths: string[], headers: Record<string, string>, count: number, expect: (status: number) => boolean, concurrency = CONCURRENCY) =>
  drive(
    async (i) => {
      const path = paths[i % paths.length]!;
      const status = await get(port, path, headers);
      if (!expect(status)) throw new Error(`${path}: HTTP ${status}`);
    },
    count,
    concurrency,
  );

/** Search queries from real names: 2-character substrings, pinyin prefixes, initials, code prefixes. */
function searchQueries(names: { code: string; name: string }[], count: number): string[] {
  const random = rng(20240607);
  const queries: string[] = [];
  while (queries.length < count) {
    const { code, name } = names[Math.floor(random() * names.length)]!;
    const chars = Array.from(name);
    const spelled = pinyinOf(name);
    const at = Math.floor(random() * Math.max(1, chars.length - 1));
    const kind = queries.length % 4;
    if (kind === 0) queries.push(chars.slice(at, at + 2).join(''));
    else if (kind === 1) queries.push(spelled.full.slice(0, 3 + Math.floor(random() * 6)));
    else if (kind === 2) queries.push(spelled.initials.slice(0, 2 + Math.floor(random() * 2)));
    else queries.push(code.slice(0, 6 + Math.floor(random() * 5)));
  }
  return queries.filter((q) => q.length > 0);
}

/** Resident set size of a process in MB (Linux /proc), or null elsewhere. */
function rssMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * Open-loop load: `call(i)` every 1000/`rate` ms for `ms`, whatever the answers do (a slow answer does
 * not delay the next call, as with real clients); p50/p99 of all of them.
 */
async function pacedDrive(call: (i: number) => Promise<void>, rate: number, ms: number) {
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; performance.now() - started < ms; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const t = performance.now();
    pending.push(call(i).then(() => void latencies.push(performance.now() - t)));
  }
  await Promise.all(pending);
  return {
    targetPerSecond: rate,
    achievedPerSecond: Math.round(latencies.length / ((performance.now() - started) / 1000)),
    p50Ms: +percentile(latencies, 50).toFixed(2),
    p99Ms: +percentile(latencies, 99).toFixed(2),
    requests: latencies.length,
  };
}

/** `pacedDrive` of GET requests over `paths`, each answered 200. */
const pacedLoad = (port: number, paths: string[], headers: Record<string, string>, rate: number, ms: number) =>
  pacedDrive(
    async (i) => {
      const status = await get(port, paths[i % paths.length]!, headers);
      if (status !== 200) throw new Error(`HTTP ${status}`);
    },
    rate,
    ms,
  );

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL, e.g. postgres://postgres:postgres@127.0.0.1:5432/pingan_field_bench');
  const scaleArg = process.argv.indexOf('--scale');
  const scale = (scaleArg > 0 ? process.argv[scaleArg + 1] : 'small') as DemoScale;
  await ensureDatabase(url);
  const database = connectDatabase('postgis', { connectionString: url });
  await migrateDatabase(database);
  await seedDemoIfEmpty(database, { scale, dataDir: process.env.DATA_DIR ?? '.data' });
  await refreshSearchIndex(database);
  const counts = (
    await database.pool.query(`SELECT (SELECT count(*) FROM grid_cells) AS grids, (SELECT count(*) FROM sites) AS sites,
    (SELECT count(*) FROM search_index) AS "searchRows"`)
  ).rows[0];

  // 2,000 seeded points, each inside some grid (rejection sampling over the grids' extent)
  const extent = (await database.pool.query(`SELECT ST_XMin(e) w, ST_YMin(e) s, ST_XMax(e) e, ST_YMax(e) n FROM (SELECT ST_Extent(geom) e FROM grid_cells) x`))
    .rows[0];
  const random = rng(42);
  const candidates = Array.from({ length: 8000 }, () => [extent.w + random() * (extent.e - extent.w), extent.s + random() * (extent.n - extent.s)]);
  const inside = await database.pool.query<{ lon: number; lat: number }>(
    `SELECT lon, lat FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS p(lon, lat, i)
     WHERE EXISTS (SELECT 1 FROM grid_cells g WHERE ST_Intersects(g.geom, ST_SetSRID(ST_MakePoint(lon, lat), 4326))) ORDER BY i LIMIT 2000`,
    [candidates.map((c) => c[0]), candidates.map((c) => c[1])],
  );
  const points = inside.rows;
  const locatePaths = inside.rows.map((p) => `/api/locate?lon=${p.lon.toFixed(6)}&lat=${p.lat.toFixed(6)}`);
  const names = (await database.pool.query<{ code: string; name: string }>('SELECT code, name FROM search_index ORDER BY kind, code')).rows;
  const queries = searchQueries(names, 500);
  const searchPaths = queries.map((q) => `/api/search?q=${encodeURIComponent(q)}`);

  // a bench account (commander, whole city) with an API token; removed at the end
  const username = `bench-field-${Date.now().toString(36)}`;
  const user = await createUser(database.db, { username, displayName: username, passwordHash: 'x', role: 'commander', scopeCode: null });
  const token = randomToken(apiTokenPrefix);
  await createApiToken(database.db, { userId: user!.id, name: 'bench', tokenHash: sha256Hex(token) });
  const auth = { authorization: `Bearer ${token}` };

  // the database runs on this machine: two connections per core (more only take turns on the cores)
  const poolSize = process.env.DATABASE_POOL_SIZE ?? String(2 * os.cpus().length);
  const child = fork(new URL(import.meta.url).pathname, ['--serve'], {
    execArgv: benchChildExecArgv(),
    env: { ...process.env, DATABASE_URL: url, DATABASE_POOL_SIZE: poolSize },
    stdio: benchChildStdio('field'),
  });
  process.once('exit', () => child.kill('SIGTERM'));
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const results: Record<string, unknown> = {
    scale,
    concurrency: CONCURRENCY,
    requestsPerRound: REQUESTS,
    rounds: ROUNDS,
    poolSize: Number(poolSize),
    ...counts,
    cpus: os.cpus().length,
    loadAverageAtStart: os.loadavg()[0]!.toFixed(1),
  };
  // The floor: each endpoint's database statement alone, 50 in flight through a pool of the same size,
  // no HTTP, no access control. No server in front of it can be faster than this.
  // kept warm through quiet spells as the app's pool is
  const direct = connectDatabase('postgis', { connectionString: url }, Number(poolSize), { min: parseEnv().DATABASE_POOL_MIN });
  const statements = {
    locate: (i: number) => locateWithSites(direct, points[i % points.length]!, mediationKinds, watchKinds, 5).then(() => {}),
    search: (i: number) => searchPlaces(direct, queries[i % queries.length]!, 20).then(() => {}),
  };
  // A second floor, beside the issue's: every statement the answer needs for this caller, which the
  // access rules make part of it (a staff locate is a personal read: one audit row, group-committed as
  // the app commits it; a staff search also looks for grid workers by name, audited when it finds one).
  const caller = { role: 'commander' as const, userId: user!.id, username, scopeCode: null };
  const auditRead = (target: string) =>
    appendAudit(direct, { userId: user!.id, username, role: 'commander', action: 'read_personal', target, success: true, ip: '127.0.0.1', requestId: null });
  const required = {
    locate: (i: number) => statements.locate(i).then(() => auditRead('/api/locate')),
    search: async (i: number) => {
      const q = queries[i % queries.length]!;
      const [, workers] = await Promise.all([searchPlaces(direct, q, 20), searchWorkers(direct.db, caller, q, 5)]);
      if (workers.length) await auditRead('/api/search');
    },
  };
  const useWrk = hasWrk();
  results.loadGenerator = useWrk ? 'wrk' : 'node';
  const ratios: Record<string, number> = {};
  try {
    for (const [name, paths, ok] of [
      ['locate', locatePaths, (s: number) => s === 200],
      ['search', searchPaths, (s: number) => s === 200],
    ] as const) {
      await load(port, paths, auth, 500, ok); // warm-up: connections, prepared plans, caches
      await drive(statements[name], 500);
      const sequential = await load(port, paths, auth, SEQUENTIAL, ok, 1);
      // API and statement rounds interleaved, so both see the same machine (others share its cores)
      const rounds = [];
      const floor = [];
      const floorRequired = [];
      for (let r = 0; r < ROUNDS; r++) {
        if (useWrk) {
          const run = await wrk(port, paths, { connections: CONCURRENCY, seconds: 5, headers: { Authorization: auth.authorization } });
          if (run.errors) throw new Error(`${name}: ${run.errors} failed requests under wrk`);
          rounds.push({ p50: run.p50Ms, p99: run.p99Ms, max: NaN, rps: run.requestsPerSecond });
        } else rounds.push(await load(port, paths, auth, REQUESTS, ok));
        floor.push(await drive(statements[name], REQUESTS));
        floorRequired.push(await drive(required[name], REQUESTS));
      }
      const summary = {
        sequentialP50Ms: +sequential.p50.toFixed(2),
        sequentialP99Ms: +sequential.p99.toFixed(2),
        p50Ms: +median(rounds.map((x) => x.p50)).toFixed(2),
        p99Ms: +median(rounds.map((x) => x.p99)).toFixed(2),
        requestsPerSecond: Math.round(median(rounds.map((x) => x.rps))),
        runs: rounds.map((x) => Math.round(x.rps)),
        distinctInputs: paths.length,
      };
      const statementOnly = {
        p50Ms: +median(floor.map((x) => x.p50)).toFixed(2),
        p99Ms: +median(floor.map((x) => x.p99)).toFixed(2),
        callsPerSecond: Math.round(median(floor.map((x) => x.rps))),
        runs: floor.map((x) => Math.round(x.rps)),
      };
      const requiredStatements = { callsPerSecond: Math.round(median(floorRequired.map((x) => x.rps))), runs: floorRequired.map((x) => Math.round(x.rps)) };
      results[`${name}RequiredStatements`] = requiredStatements;
      results[name] = summary;
      results[`${name}StatementOnly`] = statementOnly;
      ratios[`${name}At50InFlightApiOverStatement`] = +(summary.requestsPerSecond / statementOnly.callsPerSecond).toFixed(3);
      ratios[`${name}At50InFlightApiOverRequiredStatements`] = +(summary.requestsPerSecond / requiredStatements.callsPerSecond).toFixed(3);
      console.log(name, summary, statementOnly);
    }
    // a realistic peak: about 300 locates a second arriving on their own schedule (open loop), not 50 in a loop
    const paced = await pacedLoad(port, locatePaths, auth, 300, 10_000);
    results.locateAt300PerSecond = paced;
    ratios.locateP99MsAt300PerSecond = paced.p99Ms;
    // its floor, paced the same: the locate statement and the audit row a staff locate must commit before
    // it answers (one WAL flush each, as the requests arrive one by one at this rate)
    results.locateRequiredStatementsAt300PerSecond = await pacedDrive(required.locate, 300, 10_000);
    results.ratios = ratios;
    // the server's resident memory after these rounds of mixed load on the full city (a baseline, no target)
    results.serverRssMbAfterLoad = rssMb(child.pid!);
    console.log('locate at 300/s', paced, 'ratios', ratios);
  } finally {
    await direct.close();
    child.kill('SIGTERM');
    await database.pool.query('DELETE FROM users WHERE username = $1', [username]);
    await database.close();
  }
  results.loadAverageAtEnd = os.loadavg()[0]!.toFixed(1);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/field.json', `${JSON.stringify({ at: new Date().toISOString(), ...results }, null, 2)}\n`);
}

if (process.argv.includes('--serve')) await serveForBench();
else await main();
