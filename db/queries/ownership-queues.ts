import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { incidentColumns, openCondition, overdueCondition, stageDeadlineSql, type IncidentRow } from './incidents.ts';

export type CenterRow = {
  kind: 'center' | 'department';
  code: string;
  name: string;
  level: 'city' | 'district' | 'street' | 'department';
  parentCode: string | null;
  /** the caller acts for this desk */
  mine: boolean;
  /** held now; null for desks the caller does not act for (their load is theirs) */
  open: number | null;
  overdue: number | null;
};

/**
 * Every center of the three levels and every department (a directory, like the area names), with the open
 * and overdue cases held now by the desks the caller acts for (one indexed pass over open cases). All of them, whatever the caller's area: a street names the district
 * it hands up to and the streets it may transfer to; `mine` says which desks the caller acts for.
 *
 * @example
 * await listCenters(db, '210102') // the city, its districts, streets and departments; 210102 and its streets mine
 */
export async function listCenters(db: Db, scopeCode: string | null): Promise<CenterRow[]> {
  const within = (column: string) => (scopeCode === null ? sql`true` : sql`left(${sql.raw(column)}, ${scopeCode.length}) = ${scopeCode}`);
  const all = sql`true`;
  const result = await db.execute<CenterRow>(sql`
    WITH held AS (
      SELECT i.owner_kind, i.owner_code, count(*)::int AS open, (count(*) FILTER (WHERE ${overdueCondition('i')}))::int AS overdue
      FROM incidents i WHERE ${openCondition('i')} AND i.owner_code IS NOT NULL GROUP BY 1, 2
    ),
    centers AS (
      SELECT DISTINCT 'center' AS kind, d.parent_code AS code, '市综治中心' AS name, 'city' AS level, NULL::text AS "parentCode", 0 AS ord,
        ${scopeCode === null}::boolean AS mine
      FROM districts d WHERE d.parent_code IS NOT NULL
      UNION ALL
      SELECT 'center', d.code, d.name, 'district', d.parent_code, 1, ${within('d.code')} FROM districts d WHERE ${all}
      UNION ALL
      SELECT 'center', s.code, s.name, 'street', s.parent_code, 2, ${within('s.code')} FROM streets s WHERE ${all}
      UNION ALL
      SELECT 'department', p.code, p.name, 'department', NULL, 3, ${scopeCode === null}::boolean FROM departments p WHERE ${all}
    )
    SELECT c.kind, c.code, c.name, c.level, c."parentCode", c.mine, coalesce(h.open, 0) AS open, coalesce(h.overdue, 0) AS overdue
    FROM centers c LEFT JOIN held h ON h.owner_kind = c.kind AND h.owner_code = c.code
    ORDER BY c.ord, c.code`);
  return result.rows
    .map((r) => ({ ...r, mine: r.mine === true || (r.mine as unknown) === 't', open: Number(r.open), overdue: Number(r.overdue) }))
    .map((r) => (r.mine ? r : { ...r, open: null, overdue: null }));
}

export type QueueRow = IncidentRow & { ownerKind: string; ownerCode: string; senderKind: string | null; senderCode: string | null };

/**
 * A holder's queue: its open cases (overdue first, then by deadline), or the cases it closed in
 * `[from, to)` (newest first) — the ones that count for it.
 *
 * @example
 * await holderQueue(db, { kind: 'center', code: '210102001' }, { state: 'open', limit: 100 });
 */
export async function holderQueue(
  db: Db,
  holder: { kind: string; code: string },
  options: { state: 'open' | 'closed'; limit: number; from?: string; to?: string },
): Promise<QueueRow[]> {
  const held = sql`i.owner_kind = ${holder.kind} AND i.owner_code = ${holder.code}`;
  const extra = sql`, i.owner_kind AS "ownerKind", i.owner_code AS "ownerCode", i.sender_kind AS "senderKind", i.sender_code AS "senderCode"`;
  const query =
    options.state === 'open'
      ? sql`SELECT ${incidentColumns('i')} ${extra} FROM incidents i WHERE ${held} AND ${openCondition('i')}
          ORDER BY ${overdueCondition('i')} DESC, ${stageDeadlineSql('i')} ASC NULLS LAST, i.id DESC LIMIT ${options.limit}`
      : sql`SELECT ${incidentColumns('i')} ${extra} FROM incidents i WHERE ${held} AND i.closed_at IS NOT NULL
          AND i.closed_at >= coalesce(${options.from ?? null}::timestamptz, '-infinity') AND i.closed_at < coalesce(${options.to ?? null}::timestamptz, 'infinity')
          ORDER BY i.closed_at DESC, i.id DESC LIMIT ${options.limit}`;
  return (await db.execute<QueueRow>(query)).rows;
}

export type HolderKpis = {
  open: number;
  overdue: number;
  /** closed in the period while this holder held them (ownership does not move after closure) */
  closed: number;
  closedOnTime: number;
  onTimeRate: number | null;
  /** moves in the period: received from elsewhere, handed up, returned to their sender, returned to this holder */
  received: number;
  handedUp: number;
  returned: number;
  returnedHere: number;
};

/**
 * A holder's own KPIs over `[from, to)`: a case counts for the center that held it when it closed; the
 * moves are counted from the chain (incident_events with {from, to}).
 *
 * @example
 * await holderKpis(db, { kind: 'center', code: '210102' }, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
 */
export async function holderKpis(db: Db, holder: { kind: string; code: string }, from: string, to: string): Promise<HolderKpis> {
  const held = sql`i.owner_kind = ${holder.kind} AND i.owner_code = ${holder.code}`;
  const me = JSON.stringify({ kind: holder.kind, code: holder.code });
  const result = await db.execute<Record<keyof HolderKpis, number | string | null>>(sql`
    WITH now_held AS (
      SELECT count(*) FILTER (WHERE ${openCondition('i')}) AS open, count(*) FILTER (WHERE ${overdueCondition('i')}) AS overdue
      FROM incidents i WHERE ${held} AND ${openCondition('i')}
    ),
    closed AS (
      SELECT count(*) AS closed, count(*) FILTER (WHERE i.due_at IS NOT NULL AND i.closed_at <= i.due_at) AS on_time
      FROM incidents i WHERE ${held} AND i.closed_at >= ${from}::timestamptz AND i.closed_at < ${to}::timestamptz
    ),
    moves AS (
      SELECT count(*) FILTER (WHERE e.detail->'to' @> ${me}::jsonb AND e.action <> 'return') AS received,
        count(*) FILTER (WHERE e.action = 'hand_up' AND e.detail->'from' @> ${me}::jsonb) AS handed_up,
        count(*) FILTER (WHERE e.action = 'return' AND e.detail->'from' @> ${me}::jsonb) AS returned,
        count(*) FILTER (WHERE e.action = 'return' AND e.detail->'to' @> ${me}::jsonb) AS returned_here
      FROM incident_events e
      WHERE e.action IN ('hand_up','transfer','return','co_handle','escalate') AND e.at >= ${from}::timestamptz AND e.at < ${to}::timestamptz
    )
    SELECT n.open, n.overdue, c.closed, c.on_time AS "closedOnTime", m.received, m.handed_up AS "handedUp", m.returned, m.returned_here AS "returnedHere"
    FROM now_held n, closed c, moves m`);
  const r = result.rows[0]!;
  const n = (v: number | string | null) => Number(v ?? 0);
  const closed = n(r.closed);
  return {
    open: n(r.open),
    overdue: n(r.overdue),
    closed,
    closedOnTime: n(r.closedOnTime),
    onTimeRate: closed === 0 ? null : n(r.closedOnTime) / closed,
    received: n(r.received),
    handedUp: n(r.handedUp),
    returned: n(r.returned),
    returnedHere: n(r.returnedHere),
  };
}
