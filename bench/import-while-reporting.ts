/**
 * Incident reports while a large incidents file loads (issue #13, item 12): a phone's report must not wait
 * for a city's import. A throw-away database gets the small demo city (so incidents already hold rows), a
 * seeded CSV of N incidents is imported through the real importer, and meanwhile reports go in through
 * the API's own statement (`createIncident`) at a steady rate on another connection. Prints report
 * latency p50/p99/max before and during the import, and the import time.
 *
 *   npx tsx bench/import-while-reporting.ts [--engine embedded|postgis] [--incidents 100000] [--rate 10]
 *                                           [--seed 7] [--staged true|false]
 *
 * postgis uses DATABASE_URL's server (a temporary database is created and dropped). `--staged false`
 * forces the one-transaction path; to measure the code before the fix, run this file from a checkout of
 * that commit (the importer API is the same).
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importFile, type ImportOptions } from '../geodata/importers/index.ts';
import { generateDemo, loadDemo } from '../geodata/demo.ts';
import { createIncident, loadCategory } from '../db/queries/incidents.ts';
import { initialRecord } from '../core/workflow/plan.ts';
import { connectDatabase, type Database } from '../db/client.ts';
import { openScratchDatabase } from './support/scratch-database.ts';
import { seededRandom as random } from './support/random.ts';

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: 'embedded' },
    incidents: { type: 'string', default: '100000' },
    rate: { type: 'string', default: '10' },
    seed: { type: 'string', default: '7' },
    staged: { type: 'string' },
  },
});

/** Seeded points inside the demo's grids (ST_GeneratePoints with a seed), each with its area codes. */
async function gridPoints(database: Database, seed: number) {
  const { rows } = await database.pool.query<{ grid: string; lon: number; lat: number }>(
    `SELECT g.code AS grid, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
       FROM grid_cells g, ST_Dump(ST_GeneratePoints(g.geom, 3, ${seed})) p ORDER BY g.code, p.path`,
  );
  return rows;
}

async function writeIncidents(file: string, points: Awaited<ReturnType<typeof gridPoints>>, count: number, seed: number) {
  const rnd = random(seed);
  const out = createWriteStream(file);
  const write = (line: string) => (out.write(line + '\n') ? undefined : new Promise<void>((r) => out.once('drain', () => r())));
  await write('code,category,status,source,occurred_at,reported_at,closed_at,resolved,grid_code,community_code,street_code,district_code,synthetic,lon,lat');
  const categories = ['dispute', 'theft', 'fraud', 'public_safety', 'environment'];
  for (let i = 0; i < count; i++) {
    const p = points[Math.floor(rnd() * points.length)]!;
    const at = new Date(Date.UTC(2022, 0, 1) + Math.floor(rnd() * 365 * 86400_000)).toISOString();
    const closed = new Date(Date.parse(at) + 86400_000).toISOString();
    const g = p.grid;
    await write(
      `BENCH-${i},${categories[i % 5]},closed,grid_worker,${at},${at},${closed},true,${g},${g.slice(0, 12)},${g.slice(0, 9)},${g.slice(0, 6)},true,${p.lon},${p.lat}`,
    );
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

const percentile = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);
const summary = (xs: number[]) =>
  `n=${xs.length} p50=${Math.round(percentile(xs, 50))} ms p99=${Math.round(percentile(xs, 99))} ms max=${Math.round(Math.max(...xs))} ms`;

type Reporter = { database: Database; rules: NonNullable<Awaited<ReturnType<typeof loadCategory>>>['rules'] };

/** Reports at `rate` per second on the reporter's own pool until `stop` resolves; returns each report's latency. */
async function reportUntil(reporter: Reporter, points: Awaited<ReturnType<typeof gridPoints>>, rate: number, stop: Promise<unknown>) {
  const latencies: number[] = [];
  let done = false;
  void stop.finally(() => (done = true));
  const rnd = random(99);
  while (!done) {
    const p = points[Math.floor(rnd() * points.length)]!;
    const now = new Date();
    const started = performance.now();
    const input = { category: 'public_safety', source: 'grid_worker' as const, description: 'bench', location: { lon: p.lon, lat: p.lat } };
    await createIncident(reporter.database.db, input, { key: null, actor: 'bench', now, record: initialRecord(reporter.rules, now) });
    const ms = performance.now() - started;
    latencies.push(ms);
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / rate - ms)));
  }
  return latencies;
}

const dir = mkdtempSync(path.join(tmpdir(), 'pingan-bench-'));
try {
  const { database, dispose } = await openScratchDatabase(args.engine as 'embedded' | 'postgis', dir, 'reporting');
  try {
    await loadDemo(database, (await generateDemo({ scale: 'small', dataDir: '.data' })).items);
    const points = await gridPoints(database, Number(args.seed));
    const file = path.join(dir, 'incidents.csv');
    await writeIncidents(file, points, Number(args.incidents), Number(args.seed));
    const rate = Number(args.rate);
    // the reporter's pool and category are ready before the import starts: only reports are timed
    const reporterDb = connectDatabase(database.mode, database.connection, 4);
    const reporter = { database: reporterDb, rules: (await loadCategory(reporterDb.db, 'public_safety'))!.rules };
    const quiet = await reportUntil(reporter, points, rate, new Promise((r) => setTimeout(r, 5000)));
    const options: ImportOptions = args.staged === undefined ? {} : { staged: args.staged === 'true' };
    const started = performance.now();
    const importing = importFile(database, 'incidents', file, options);
    const during = await reportUntil(
      reporter,
      points,
      rate,
      importing.catch(() => {}),
    );
    const result = await importing;
    await reporterDb.close();
    console.log(
      `${args.engine}: ${result.rows.toLocaleString('en')} incidents imported in ${((performance.now() - started) / 1000).toFixed(1)} s${args.staged ? ` (staged=${args.staged})` : ''}`,
    );
    console.log(`  reports before the import: ${summary(quiet)}`);
    console.log(`  reports during the import: ${summary(during)}`);
  } finally {
    await dispose();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
