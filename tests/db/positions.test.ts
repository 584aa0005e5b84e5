/**
 * Worker positions in the database, on both engines: retention deletes old rows and keeps recent ones
 * (also through the server job), and the per-worker rate limit holds under concurrent reports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '../support/database.ts';
import { F, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { deleteOldPositions, recordPosition } from '../../db/queries/positions.ts';
import { startPositionRetention } from '../../server/jobs/position-retention.ts';
import { setLogLevel } from '../../core/log.ts';

setLogLevel('silent'); // the job logs what it deleted

const database = connectTestDatabase();
const db = database.db;
const W2 = 'PT-GW-2';

beforeAll(async () => {
  await insertIncidentFixture(database);
  await database.pool.query(`INSERT INTO grid_workers (code, name, community_code, synthetic, source) VALUES ('${W2}', '测试二', '${F.c1}', true, 'test')`);
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await database.close();
});

const count = async (table: string, code: string) =>
  (await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE worker_code = $1`, [code])).rows[0]!.n;
/** Inserts a history row `daysAgo` days old (and makes it the worker's current row). */
async function positionAged(code: string, daysAgo: number) {
  await database.pool.query(
    `INSERT INTO worker_positions (worker_code, geom, at)
    VALUES ($1, ST_SetSRID(ST_MakePoint(126.005, 41.005), 4326), now() - make_interval(hours => $2))`,
    [code, Math.round(daysAgo * 24)],
  );
  await database.pool.query(
    `INSERT INTO worker_on_duty (worker_code, geom, at)
    VALUES ($1, ST_SetSRID(ST_MakePoint(126.005, 41.005), 4326), now() - make_interval(hours => $2))
    ON CONFLICT (worker_code) DO UPDATE SET at = excluded.at`,
    [code, Math.round(daysAgo * 24)],
  );
}

describe('worker positions', () => {
  it('retention deletes positions older than the configured days and keeps recent ones, idempotently', async () => {
    for (const days of [45, 31, 29, 0.1]) await positionAged(workerC1, days);
    await positionAged(W2, 40); // W2's current row is stale too
    const first = await deleteOldPositions(db, 30);
    expect(first.positions).toBeGreaterThanOrEqual(3);
    expect(first.onDuty).toBeGreaterThanOrEqual(1);
    const kept = await database.pool.query<{ days: number }>(
      `SELECT round(extract(epoch FROM now() - at) / 86400)::int AS days FROM worker_positions WHERE worker_code = $1 ORDER BY at`,
      [workerC1],
    );
    expect(kept.rows.map((r) => r.days)).toEqual([29, 0]);
    expect(await count('worker_on_duty', workerC1)).toBe(1);
    expect(await count('worker_on_duty', W2)).toBe(0);
    expect(await count('worker_positions', W2)).toBe(0);
    expect(await deleteOldPositions(db, 30)).toEqual({ positions: 0, onDuty: 0 });
  });

  it('the server job runs the same delete with its own number of days', async () => {
    await positionAged(W2, 8);
    await positionAged(W2, 1);
    const job = startPositionRetention(database, { days: 7, intervalMs: 3600_000 });
    job.stop();
    await job.run(); // waits for the start-up run
    expect(await count('worker_positions', W2)).toBe(1);
    expect(await count('worker_positions', workerC1)).toBe(1); // of 29 and 0.1 days, only the recent one
  });

  it('stores exactly one of two concurrent reports, and none for an unknown worker', async () => {
    await database.pool.query(`DELETE FROM worker_on_duty WHERE worker_code = $1`, [W2]);
    const before = await count('worker_positions', W2);
    const results = await Promise.all([
      recordPosition(db, W2, { lon: 126.005, lat: 41.005 }),
      recordPosition(db, W2, { lon: 126.006, lat: 41.006, accuracy: 8 }),
    ]);
    expect(results.sort()).toEqual(['stored', 'too_frequent']);
    expect(await count('worker_positions', W2)).toBe(before + 1);
    expect(await recordPosition(db, 'PT-NOBODY', { lon: 126, lat: 41 })).toBe('unknown_worker');
  });
});
