/**
 * A large incidents import must not block incident reporting (issue #13, item 12): reports hung ~5.5 s
 * behind the import's table lock (PostGIS) or its transaction (embedded). Reports go in through the API's
 * statement (createIncident) on their own connections while 60,000 incidents load into the demo city,
 * and each must finish within 2 s. The staged path stays all-or-nothing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { importerTestContext, snapshot } from '../support/importers.ts';
import { connectTestDatabase } from '../support/database.ts';
import { importFile, ImportError } from '../../geodata/importers/index.ts';
import { createIncident, loadCategory } from '../../db/queries/incidents.ts';
import { initialRecord } from '../../core/workflow/plan.ts';

const { database, files } = importerTestContext();
const reporter = connectTestDatabase(2);
const reported: number[] = [];

afterAll(async () => {
  if (reported.length) {
    await reporter.pool.query('DELETE FROM live_events WHERE incident_id = ANY($1::bigint[])', [reported]);
    await reporter.pool.query('DELETE FROM incidents WHERE id = ANY($1::bigint[])', [reported]);
  }
  await reporter.close();
});

const header = 'code,category,status,source,occurred_at,reported_at,closed_at,resolved,grid_code,community_code,street_code,district_code,synthetic,lon,lat';

/** Seeded points inside the demo city's grids, with their grid codes. */
async function gridPoints() {
  const { rows } = await database.pool.query<{ grid: string; lon: number; lat: number }>(
    `SELECT g.code AS grid, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat
       FROM grid_cells g, ST_Dump(ST_GeneratePoints(g.geom, 1, 5)) p WHERE g.code !~ '^2199' ORDER BY g.code LIMIT 400`,
  );
  return rows;
}

async function writeIncidents(
  name: string,
  count: number,
  points: Awaited<ReturnType<typeof gridPoints>>,
  codeAt = (i: number) => `E2199B${String(i).padStart(6, '0')}`,
) {
  const file = path.join(files.dir, name);
  const out = createWriteStream(file);
  out.write(`${header}\n`);
  for (let i = 0; i < count; i++) {
    const p = points[i % points.length]!;
    const g = p.grid;
    const line = `${codeAt(i)},theft,closed,grid_worker,2023-03-01T08:00:00Z,2023-03-01T09:00:00Z,2023-03-02T09:00:00Z,true,${g},${g.slice(0, 12)},${g.slice(0, 9)},${g.slice(0, 6)},true,${p.lon},${p.lat}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return file;
}

describe('importing incidents into a live city', () => {
  it('reports keep completing, each within 2 s, while 60,000 incidents load', async () => {
    const points = await gridPoints();
    const file = await writeIncidents('bulk.csv', 60_000, points);
    const rules = (await loadCategory(reporter.db, 'public_safety'))!.rules;
    const report = async (i: number) => {
      const p = points[(i * 7) % points.length]!;
      const now = new Date();
      const started = performance.now();
      const result = await createIncident(
        reporter.db,
        { category: 'public_safety', source: 'grid_worker', description: 'while importing', location: { lon: p.lon, lat: p.lat } },
        { key: null, actor: 'test', now, record: initialRecord(rules, now) },
      );
      if (result.kind === 'created') reported.push(result.id);
      return performance.now() - started;
    };
    await report(0); // warm: connection open, statement parsed

    let finished = false;
    const importing = importFile(database, 'incidents', file).finally(() => (finished = true));
    const latencies: number[] = [];
    for (let i = 1; !finished; i++) {
      latencies.push(await report(i));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const result = await importing;
    expect(result.rows).toBe(60_000);
    expect(latencies.length, `reports during the import: ${latencies.length}`).toBeGreaterThan(10);
    expect(Math.max(...latencies), `slowest report of ${latencies.length}: ${latencies.map(Math.round).join(', ')} ms`).toBeLessThan(2000);
    expect((await database.pool.query(`SELECT count(*)::int AS n FROM incidents WHERE code ~ '^E2199B'`)).rows[0].n).toBe(60_000);
    expect((await database.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'import_stage_%'`)).rows[0].n).toBe(0);
  });

  it('stays all-or-nothing: a code already in the table deep in the file leaves incidents as they were', async () => {
    const points = await gridPoints();
    const { rows } = await database.pool.query<{ code: string }>(`SELECT code FROM incidents WHERE code !~ '^E2199' ORDER BY id LIMIT 1`);
    const existing = rows[0]!.code;
    const file = await writeIncidents('dup.csv', 5_000, points, (i) => (i === 3_999 ? existing : `E2199D${String(i).padStart(6, '0')}`));
    const before = await snapshot(database);
    const error = await importFile(database, 'incidents', file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect({ line: (error as ImportError).line, field: (error as ImportError).field }).toEqual({ line: 4_001, field: 'code' });
    expect((error as ImportError).reason).toBe(`code "${existing}" already exists in incidents (a row loaded before this import)`);
    expect(await snapshot(database)).toEqual(before);
    expect((await database.pool.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'import_stage_%'`)).rows[0].n).toBe(0);
  });
});
