import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { ON_DUTY_MINUTES, POSITION_MIN_INTERVAL_S, type PositionReport } from '../../core/contracts/dispatch.ts';

/**
 * Grid workers' positions (personal data): the phone's reports, going off duty, the on-duty list and the
 * retention delete. Callers decide who may see them (commanders in scope only, names masked).
 */

/** How a position report ended: stored, refused as too soon after the last one, or no such worker. */
export type RecordResult = 'stored' | 'too_frequent' | 'unknown_worker';

/**
 * Stores a worker's own position, at most one per POSITION_MIN_INTERVAL_S seconds. One statement, so
 * nothing is half-written: the conditional upsert of the worker's `worker_on_duty` row is the rate limit
 * (a second report inside the interval updates no row, and then no history row is inserted either), and
 * concurrent reports from two server processes serialise on that row.
 *
 * @example
 * await recordPosition(db, 'GW21010300100101', { lon: 123.43, lat: 41.8, accuracy: 12 }) // 'stored'
 */
export async function recordPosition(db: Db, workerCode: string, report: PositionReport): Promise<RecordResult> {
  const result = await db.execute<{ worker: number; stored: number }>(sql`
    WITH w AS (SELECT code FROM grid_workers WHERE code = ${workerCode}),
    up AS (
      INSERT INTO worker_on_duty (worker_code, geom, accuracy_m, at)
      SELECT code, ST_SetSRID(ST_MakePoint(${report.lon}::float8, ${report.lat}::float8), 4326), ${report.accuracy ?? null}::real, now() FROM w
      ON CONFLICT (worker_code) DO UPDATE SET geom = excluded.geom, accuracy_m = excluded.accuracy_m, at = excluded.at
        WHERE worker_on_duty.at <= excluded.at - make_interval(secs => ${POSITION_MIN_INTERVAL_S})
      RETURNING worker_code, geom, accuracy_m, at
    ),
    ins AS (INSERT INTO worker_positions (worker_code, geom, accuracy_m, at) SELECT worker_code, geom, accuracy_m, at FROM up RETURNING id)
    SELECT (SELECT count(*) FROM w)::int AS worker, (SELECT count(*) FROM ins)::int AS stored`);
  const row = result.rows[0]!;
  if (row.worker === 0) return 'unknown_worker';
  return row.stored > 0 ? 'stored' : 'too_frequent';
}

/**
 * The worker stops sharing (goes off duty): their current row goes, so they leave the on-duty layer and
 * the candidate lists at once. The history stays until retention deletes it.
 *
 * @example
 * await stopSharing(db, 'GW21010300100101')
 */
export async function stopSharing(db: Db, workerCode: string): Promise<void> {
  await db.execute(sql`DELETE FROM worker_on_duty WHERE worker_code = ${workerCode}`);
}

/**
 * Deletes positions older than `days` days (history and stale current rows). Idempotent, so every
 * server process may run it.
 *
 * @example
 * await deleteOldPositions(db, 30) // { positions: 1204, onDuty: 3 }
 */
export async function deleteOldPositions(db: Db, days: number, now = new Date()): Promise<{ positions: number; onDuty: number }> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const positions = await db.execute(sql`DELETE FROM worker_positions WHERE at < ${cutoff}::timestamptz`);
  const onDuty = await db.execute(sql`DELETE FROM worker_on_duty WHERE at < ${cutoff}::timestamptz`);
  return { positions: positions.rowCount ?? 0, onDuty: onDuty.rowCount ?? 0 };
}

/** A worker's open load: cases dispatched to them and not yet reported back (partial index, migration 0014). */
export const openLoadOf = (workerCode: SQL) => sql`(SELECT count(*) FROM incidents x
  WHERE x.assignee_kind = 'grid_worker' AND x.status IN ('dispatched', 'handling') AND x.assignee_code = ${workerCode})::int`;

/** The condition "seen within the on-duty window" over the worker_on_duty row `d`. */
export const onDutyCondition = sql`d.at > now() - make_interval(mins => ${ON_DUTY_MINUTES})`;

/** One on-duty worker's last fix, as stored (name unmasked: mask before answering). */
export type OnDutyRow = {
  code: string;
  name: string;
  lon: number;
  lat: number;
  at: Date;
  openLoad: number;
};

/**
 * Workers seen within the last ON_DUTY_MINUTES whose community is inside `scope` (a condition over the
 * grid_workers row `w`, e.g. workerScopeCondition).
 *
 * @example
 * await workersOnDuty(db, workerScopeCondition(principal))
 */
export async function workersOnDuty(db: Db, scope: SQL): Promise<OnDutyRow[]> {
  const result = await db.execute<OnDutyRow>(sql`
    SELECT w.code, w.name, ST_X(d.geom) AS lon, ST_Y(d.geom) AS lat, d.at, ${openLoadOf(sql.raw('w.code'))} AS "openLoad"
    FROM worker_on_duty d JOIN grid_workers w ON w.code = d.worker_code
    WHERE ${onDutyCondition} AND ${scope}
    ORDER BY w.code
    LIMIT 5000`);
  return result.rows;
}
