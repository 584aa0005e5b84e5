/**
 * A freshly seeded demo lives in the present (issue #12 item 4), on a scratch database of this run's engine:
 * the small demo generated up to this moment, its areas and incidents loaded through the importers. The
 * number cards are read with the KPI query itself (db/queries/kpis-series.ts kpiSummary), and one tick of the
 * demo stream reports and advances cases there — and does nothing once the database is not the synthetic demo.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { connectDatabase, migrateDatabase, openDatabase, type Database } from '../../db/client.ts';
import { kpiSummary } from '../../db/queries/kpis-series.ts';
import { loadCategory } from '../../db/queries/incidents.ts';
import { generateDemo, loadDemo } from '../../geodata/demo.ts';
import { DEMO_DEADLINE_RULES } from '../../geodata/generator/incidents-recent.ts';
import { createRandom } from '../../geodata/generator/random.ts';
import { DEMO_ACTOR, demoStreamTick } from '../../server/jobs/demo-stream.ts';

const repoData = fileURLToPath(new URL('../../.data', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'pingan-demo-present-'));
const { mode, connection } = inject('database');
let database: Database;
let dropDatabase = async () => {};

/** An empty migrated database of the run's engine: a second embedded one, or a throw-away one on the server. */
async function scratchDatabase(): Promise<Database> {
  if (mode === 'embedded') return openDatabase({ dataDir: scratch });
  const url = new URL(connection.connectionString!);
  const name = `pingan_demo_present_${process.pid}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  dropDatabase = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  url.pathname = `/${name}`;
  return connectDatabase('postgis', { connectionString: url.toString() });
}

const count = async (query: ReturnType<typeof sql>) => Number((await database.db.execute<{ n: number }>(query)).rows[0]!.n);
const summary = () => kpiSummary(database.db, { scope: sql`true`, latestScope: sql`true`, workerScope: sql`true` });

beforeAll(async () => {
  database = await scratchDatabase();
  await migrateDatabase(database);
  // seeded now, as `npm start` does; only the areas, grids and incidents the checks need (faster to load)
  const { items } = await generateDemo({ scale: 'small', dataDir: repoData, now: new Date() });
  const needed = new Set(['districts', 'streets', 'communities', 'grid_workers', 'grid_cells', 'incidents']);
  await loadDemo(
    database,
    items.filter((item) => needed.has(item.entity)),
  );
}, 240_000);

afterAll(async () => {
  await database?.close();
  await dropDatabase();
  rmSync(scratch, { recursive: true, force: true });
});

describe('a freshly seeded demo', () => {
  it('plans its open cases with the deadline_rules the database holds', async () => {
    for (const [category, rules] of Object.entries(DEMO_DEADLINE_RULES)) {
      expect((await loadCategory(database.db, category))?.rules, category).toEqual(rules);
    }
  });

  it('shows today’s cases and open cases of which at most 10% are overdue (the KPI query)', async () => {
    const cards = await summary();
    expect(cards.today).toBeGreaterThan(0);
    expect(cards.inProgress).toBeGreaterThan(5);
    expect(cards.overdue / cards.inProgress).toBeLessThanOrEqual(0.1);
    expect(Date.parse(cards.latestReportedAt!)).toBeGreaterThan(Date.now() - 86_400_000);
  });

  it('holds data in the default period (the last 12 months) and open cases at several workflow steps', async () => {
    expect(await count(sql`SELECT count(*)::int AS n FROM incidents WHERE reported_at >= now() - interval '12 months'`)).toBeGreaterThan(800);
    expect(
      await count(sql`SELECT count(DISTINCT status)::int AS n FROM incidents
      WHERE status IN ('reported', 'registered', 'dispatched', 'handling', 'feedback', 'verifying')`),
    ).toBeGreaterThanOrEqual(2);
    expect(await count(sql`SELECT count(*)::int AS n FROM incidents WHERE reported_at > now() OR closed_at > now()`)).toBe(0);
  });
});

describe('the demo stream', () => {
  it('reports a case and moves open cases one step in one tick, through the workflow, history and live feed', async () => {
    const before = await summary();
    const rng = createRandom(1, 'stream-test');
    const tick = await demoStreamTick(database, { minStageShare: 0, advance: 4, random: () => rng.next() });
    expect(tick.demo).toBe(true);
    expect(tick.reported).toMatch(/^SJ\d{16}$/);
    expect(tick.advanced).toBeGreaterThanOrEqual(1);
    expect((await summary()).today).toBe(before.today + 1);
    // one history event per step (the report included), each announced on the live feed
    const events = await count(sql`SELECT count(*)::int AS n FROM incident_events WHERE actor = ${DEMO_ACTOR}`);
    expect(events).toBe(1 + tick.advanced);
    expect(await count(sql`SELECT count(*)::int AS n FROM live_events`)).toBe(events);
    // the new case has a live stage deadline (it may already have been moved on in the same tick)
    expect(
      await count(sql`SELECT count(*)::int AS n FROM incidents WHERE code = ${tick.reported}
      AND status IN ('reported', 'registered') AND stage_due_at > now() - interval '1 minute'`),
    ).toBe(1);
  });

  it('does nothing on a database that is not the synthetic demo', async () => {
    const incidents = () => count(sql`SELECT count(*)::int AS n FROM incidents`);
    const events = () => count(sql`SELECT count(*)::int AS n FROM incident_events`);
    const [n, e] = [await incidents(), await events()];
    await database.db.execute(sql`UPDATE grid_cells SET synthetic = false WHERE code = (SELECT min(code) FROM grid_cells)`);
    try {
      expect(await demoStreamTick(database, { minStageShare: 0 })).toEqual({ demo: false, reported: null, advanced: 0 });
      expect([await incidents(), await events()]).toEqual([n, e]);
    } finally {
      await database.db.execute(sql`UPDATE grid_cells SET synthetic = true WHERE code = (SELECT min(code) FROM grid_cells)`);
    }
  });
});
