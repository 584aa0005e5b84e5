import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { IncidentEvent, ListIncidentsQuery } from '../../core/contracts/incidents.ts';
import { asDate, incidentColumns, overdueCondition, type IncidentRow } from './incidents.ts';
import { incidentAreaCondition } from './incidents-area.ts';

/**
 * The synthetic demo's cases over the incidents row `i`: generated ones and those a demo job reported
 * with idempotency keys under `keyPrefix` — never a case a person reported.
 *
 * @example
 * await listIncidents(db, demoCaseCondition('demo-stream'), { limit: 200 });
 */
export const demoCaseCondition = (keyPrefix: string): SQL =>
  // owner '' is a server-side reporter: a user's own key that happens to start with the prefix is not a demo case
  sql`(i.synthetic OR (i.idempotency_owner = '' AND i.idempotency_key LIKE ${`${keyPrefix}:%`}))`;

const list = (value: string | undefined) =>
  value
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : [];

/** Opaque keyset cursor: the last row's reported_at (full microsecond text) and id. */
export const encodeCursor = (at: string, id: number) => Buffer.from(`${at}|${id}`).toString('base64url');
export function decodeCursor(cursor: string): { at: string; id: number } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  // Validated here so a forged cursor is a 400, never an SQL cast error.
  if (!at || !id || !/^\d{1,15}$/.test(id) || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(at)) return undefined;
  if (Number.isNaN(Date.parse(at.replace(' ', 'T') + (/[+-]\d\d$/.test(at) ? ':00' : '')))) return undefined;
  return { at, id: Number(id) };
}

/**
 * One page of incidents, newest first, inside `scope` (the caller's area, SQL from scopeCondition).
 * Filters: area of any level, categories, statuses, reported time range, overdue.
 *
 * @example
 * const page = await listIncidents(db, sql`true`, { area: '210103', status: 'dispatched', limit: 50 });
 */
export async function listIncidents(
  db: Db,
  scope: SQL,
  query: Omit<ListIncidentsQuery, 'cursor'> & { cursor?: { at: string; id: number } },
): Promise<{ rows: IncidentRow[]; nextCursor: string | null }> {
  const conditions: SQL[] = [scope, incidentAreaCondition(query.area)];
  const categories = list(query.category);
  const statuses = list(query.status);
  if (categories.length)
    conditions.push(
      sql`i.category IN (${sql.join(
        categories.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  if (statuses.length)
    conditions.push(
      sql`i.status IN (${sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  if (query.from) conditions.push(sql`i.reported_at >= ${query.from}::timestamptz`);
  if (query.to) conditions.push(sql`i.reported_at < ${query.to}::timestamptz`);
  const overdue = overdueCondition('i');
  if (query.overdue === 'true') conditions.push(overdue);
  if (query.overdue === 'false') conditions.push(sql`NOT ${overdue}`);
  if (query.cursor) conditions.push(sql`(i.reported_at, i.id) < (${query.cursor.at}::timestamptz, ${query.cursor.id})`);
  const result = await db.execute<IncidentRow & { cursorAt: string }>(sql`
    SELECT ${incidentColumns('i')}, i.reported_at::text AS "cursorAt"
    FROM incidents i WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY i.reported_at DESC, i.id DESC LIMIT ${query.limit + 1}`);
  const rows = result.rows.slice(0, query.limit);
  const last = rows.at(-1);
  const nextCursor = result.rows.length > query.limit && last ? encodeCursor(last.cursorAt, last.id) : null;
  return { rows: rows.map(({ cursorAt: _c, ...row }) => row as IncidentRow), nextCursor };
}

/**
 * One incident inside `scope`, or undefined (missing and out-of-scope look the same).
 *
 * @example
 * const row = await findIncident(db, 42, sql`true`);
 */
export async function findIncident(db: Db, id: number, scope: SQL): Promise<IncidentRow | undefined> {
  const result = await db.execute<IncidentRow>(sql`SELECT ${incidentColumns('i')} FROM incidents i WHERE i.id = ${id} AND ${scope}`);
  return result.rows[0];
}

/** The full history of an incident, oldest first. */
export async function incidentHistory(db: Db, id: number): Promise<IncidentEvent[]> {
  const result = await db.execute<Omit<IncidentEvent, 'at'> & { at: Date | string }>(sql`
    SELECT id, action, from_status AS "fromStatus", to_status AS "toStatus", actor, note, detail, at
    FROM incident_events WHERE incident_id = ${id} ORDER BY at, id`);
  return result.rows.map((e) => ({ ...e, at: asDate(e.at).toISOString() }));
}
