import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { Principal } from '../../core/access/roles.ts';
import { scopeCondition } from './scope.ts';
import { incidentAreaCondition, incidentScopeColumns } from './incidents-area.ts';

/** Which events a caller's backlog may hold: inside their area (and the requested one), up to an id. */
export interface LiveBacklogFilter {
  principal: Principal;
  /** only events up to this id (newer ones arrive through the hub) */
  upTo: number;
  /** an area code inside the caller's area, or undefined for all of it */
  area?: string;
}

/** The backlog filter as SQL over the live_events row `e`. */
export function liveBacklogCondition({ principal, upTo, area }: LiveBacklogFilter): SQL {
  return sql`${scopeCondition(principal, incidentScopeColumns('e'))} AND ${incidentAreaCondition(area, 'e')} AND e.id <= ${upTo}`;
}

export type LiveEventRow = {
  id: number;
  kind: 'created' | 'updated' | 'overdue';
  incidentId: number;
  at: Date;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  districtCode: string | null;
  payload: Record<string, unknown>;
};

/**
 * Live events after `afterId` in id order, optionally only those matching `scope` (SQL over alias `e`
 * with the area-code columns), at most `limit`.
 *
 * @example
 * const rows = await liveEventsAfter(db, lastEventId, 500);
 */
export async function liveEventsAfter(db: Db, afterId: number, limit: number, scope: SQL = sql`true`): Promise<LiveEventRow[]> {
  const result = await db.execute<LiveEventRow>(sql`
    SELECT e.id, e.kind, e.incident_id AS "incidentId", e.at, e.grid_code AS "gridCode",
      e.community_code AS "communityCode", e.street_code AS "streetCode", e.district_code AS "districtCode", e.payload
    FROM live_events e WHERE e.id > ${afterId} AND ${scope} ORDER BY e.id LIMIT ${limit}`);
  return result.rows;
}

/** The newest live event id (0 when there is none): where a fresh stream starts. */
export async function latestLiveEventId(db: Db): Promise<number> {
  const result = await db.execute<{ id: number | null }>(sql`SELECT max(id) AS id FROM live_events`);
  return result.rows[0]?.id ?? 0;
}

/** Deletes live events older than `days` (they are only needed for reconnects). Returns the count. */
export async function pruneLiveEvents(db: Db, days = 7): Promise<number> {
  const result = await db.execute(sql`DELETE FROM live_events WHERE at < now() - make_interval(days => ${days})`);
  return result.rowCount ?? 0;
}

/**
 * The id just before the `count`-th newest event matching `scope` (over alias `e`): resuming after it
 * replays the newest `count` events. 0 when there are fewer.
 *
 * @example
 * const last = await liveBacklogStart(db, 20, sql`true`);
 */
export async function liveBacklogStart(db: Db, count: number, scope: SQL): Promise<number> {
  const result = await db.execute<{ id: number }>(sql`
    SELECT e.id FROM live_events e WHERE ${scope} ORDER BY e.id DESC OFFSET ${count - 1} LIMIT 1`);
  return result.rows[0] ? result.rows[0].id - 1 : 0;
}
