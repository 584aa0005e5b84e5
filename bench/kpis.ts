/**
 * KPI benchmark (PostGIS). Run: `DATABASE_URL=postgres://… npx tsx bench/kpis.ts [--incidents 600000]`.
 * Creates a throw-away database on that server, seeds the small demo city (for its grids), then adds
 * `--incidents` seeded synthetic incidents over four years (2018–2021, deterministic: setseed) on those
 * grids, ANALYZEs, and times the KPI endpoints through the app (HTTP layer included), 20 runs after 3
 * warm-ups. Reports medians and p95; writes bench/results/kpis-<incidents>.json. The database is dropped at the end
 * (`--keep` keeps it, to look at plans).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connectDatabase, migrateDatabase } from '../db/client.ts';
import { generateDemo, loadDemo } from '../geodata/demo.ts';
import { createApp } from '../server/app.ts';
import { parseEnv } from '../core/env.ts';
import { createAccount } from '../tests/support/accounts.ts';

const { values } = parseArgs({
  options: { incidents: { type: 'string', default: '600000' }, runs: { type: 'string', default: '20' }, keep: { type: 'boolean', default: false } },
});
const total = Number(values.incidents);
const runs = Number(values.runs);
if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a PostGIS server (a throw-away database is created on it)');

const server = new URL(process.env.DATABASE_URL);
const name = `pingan_bench_kpis_${process.pid}`;
const admin = new pg.Client({ connectionString: server.toString() });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const database = connectDatabase('postgis', { connectionString: url.toString() });

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

try {
  await migrateDatabase(database);
  let started = performance.now();
  await loadDemo(database, (await generateDemo({ scale: 'small', dataDir: '.data' })).items);
  await database.pool.query('DELETE FROM incidents');
  console.log(`demo city loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; generating ${total.toLocaleString()} incidents …`);
  started = performance.now();
  // Mix: ~31% disputes (96% resolved), 1% rejected, 2% still open, 3% extended, 3% reworked; closed
  // within 0–4 days of a 3-day deadline, so on-time is ~75%.
  await database.pool.query(`
    SELECT setseed(0.42);
    INSERT INTO incidents (code, category, dispute_type, status, source, occurred_at, reported_at, dispatched_at, due_at,
      stage_due_at, closed_at, extended, rework_count, resolved, grid_code, community_code, street_code, district_code, geom, synthetic)
    SELECT 'BK' || r.s, r.category, CASE WHEN r.category = 'dispute' THEN 'neighbour' END,
      CASE WHEN r.b < 0.01 THEN 'rejected' WHEN r.b < 0.03 THEN 'handling' WHEN r.b < 0.4 THEN 'closed' ELSE 'evaluated' END,
      'grid_worker', r.t, r.t,
      CASE WHEN r.b >= 0.01 THEN r.t + interval '1 hour' END,
      CASE WHEN r.b >= 0.01 THEN r.t + interval '3 days' END,
      CASE WHEN r.b >= 0.01 AND r.b < 0.03 THEN r.t + interval '3 days' END,
      CASE WHEN r.b >= 0.03 THEN r.t + r.c * interval '4 days' END,
      r.d < 0.03, (r.d > 0.97)::int, CASE WHEN r.category = 'dispute' AND r.b >= 0.01 THEN r.c < 0.96 END,
      g.code, left(g.code, 12), left(g.code, 9), left(g.code, 6), g.pt, true
    FROM (
      SELECT s, random() AS b, random() AS c, random() AS d,
        timestamptz '2018-01-01 00:00+08' + random() * interval '1461 days' AS t,
        (ARRAY['dispute','dispute','dispute','city_management','city_management','environment','public_safety','theft',
               'fire_hazard','other','fraud','burglary'])[1 + floor(random() * 12)::int] AS category,
        1 + floor(random() * (SELECT count(*) FROM grid_cells))::int AS gi
      FROM generate_series(1, ${total}) s
    ) r
    JOIN (SELECT row_number() OVER (ORDER BY code) AS n, code, ST_PointOnSurface(geom) AS pt FROM grid_cells) g ON g.n = r.gi;`);
  await database.pool.query('VACUUM ANALYZE incidents');
  console.log(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const account = await createAccount(database, { role: 'admin' }, 'bench');
  const app = createApp({ database, env: parseEnv({ LOG_LEVEL: 'silent', DEMO_SEED: 'none' }) });
  const range = 'from=2018-01-01T00:00:00%2B08:00&to=2022-01-01T00:00:00%2B08:00';
  const cases: Record<string, string> = {
    'whole city, 4 years': `/api/kpis?${range}`,
    'one district, 4 years': `/api/kpis?area=210103&${range}`,
    'one street, 1 year': `/api/kpis?area=210103005&from=2021-01-01T00:00:00%2B08:00&to=2022-01-01T00:00:00%2B08:00`,
    'trend, city, 12 months': '/api/kpis/trend?to=2022-01-01T00:00:00%2B08:00',
    'preventable, city, all years': '/api/kpis/preventable',
    'number cards, city': '/api/kpis/summary',
  };
  const results: Record<string, { medianMs: number; p95Ms: number }> = {};
  for (const [label, path] of Object.entries(cases)) {
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const t0 = performance.now();
      const res = await app.request(path, { headers: account.bearer });
      if (res.status !== 200) throw new Error(`${path} → ${res.status} ${await res.text()}`);
      await res.json();
      if (i >= 3) times.push(performance.now() - t0);
    }
    results[label] = { medianMs: +percentile(times, 0.5).toFixed(1), p95Ms: +percentile(times, 0.95).toFixed(1) };
    console.log(`${label.padEnd(32)} median ${results[label]!.medianMs} ms   p95 ${results[label]!.p95Ms} ms`);
  }
  const body = (await (await app.request(cases['whole city, 4 years']!, { headers: account.bearer })).json()) as { counts: { total: number } };
  const output = {
    date: new Date().toISOString(),
    incidents: total,
    cohort: body.counts.total,
    runs,
    postgres: (await database.pool.query('SHOW server_version')).rows[0].server_version,
    results,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/kpis-${total}.json`, `${JSON.stringify(output, null, 2)}\n`);
  console.log(`cohort ${body.counts.total.toLocaleString()} incidents; written bench/results/kpis-${total}.json`);
} finally {
  await database.close();
  if (values.keep) console.log(`kept database ${name}`);
  else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
