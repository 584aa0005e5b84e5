import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { CaseRecord } from '../../core/workflow/plan.ts';
import { livePayload, openCondition, stageDeadlineSql } from './incidents.ts';

/**
 * Writes a planned transition in ONE statement: the incident's workflow columns, the history event and
 * the live event + NOTIFY. Optimistic: it only applies if the case is still in the state it was planned
 * from (status, rework count, extension flags); returns false when someone else moved it first.
 *
 * @example
 * const applied = await applyTransition(db, id, { before, next, action: 'dispatch', actor: 'cmd1', now });
 */
export async function applyTransition(
  db: Db,
  id: number,
  change: { before: CaseRecord; next: CaseRecord; action: string; actor: string; note?: string; detail: Record<string, unknown>; now: Date },
): Promise<boolean> {
  const { before: b, next: n, now } = change;
  const result = await db.execute<{ id: number | null }>(sql`
    WITH upd AS (
      UPDATE incidents i SET status = ${n.status}, rework_count = ${n.reworkCount}, extended = ${n.extended},
        extension_requested_days = ${n.extensionRequestedDays}::int, dispatched_at = ${n.dispatchedAt}::timestamptz,
        due_at = ${n.dueAt}::timestamptz, stage_due_at = ${n.stageDueAt}::timestamptz, escalate_at = ${n.escalateAt}::timestamptz,
        escalation_level = ${n.escalationLevel}, closed_at = ${n.closedAt}::timestamptz, resolved = ${n.resolved}::boolean,
        assignee_kind = ${n.assigneeKind}::text, assignee_code = ${n.assigneeCode}::text, satisfaction = ${n.satisfaction}::int,
        updated_at = ${now}
      WHERE i.id = ${id} AND i.status = ${b.status} AND i.rework_count = ${b.reworkCount} AND i.extended = ${b.extended}
        AND i.extension_requested_days IS NOT DISTINCT FROM ${b.extensionRequestedDays}::int
      RETURNING i.*
    ),
    ev AS (
      INSERT INTO incident_events (incident_id, action, from_status, to_status, actor, note, detail, at)
      SELECT id, ${change.action}::text, ${b.status}::text, status, ${change.actor}::text, ${change.note ?? null}::text, ${JSON.stringify(change.detail)}::jsonb, ${now}::timestamptz
      FROM upd
    ),
    live AS (
      INSERT INTO live_events (kind, incident_id, grid_code, community_code, street_code, district_code, payload)
      SELECT 'updated', i.id, i.grid_code, i.community_code, i.street_code, i.district_code, ${livePayload(change.action)}
      FROM upd i RETURNING id
    )
    SELECT (SELECT id FROM upd) AS id, (SELECT pg_notify('live_events', id::text) FROM live) AS notified`);
  return result.rows[0]?.id != null;
}

export interface Escalated {
  id: number;
  level: number;
}

/**
 * Claims and escalates overdue open cases: level 1 (street center) once the stage deadline has passed,
 * level 2 (district center) once `escalate_at` has. Safe with several processes running it at once: rows
 * are claimed by the UPDATE's own `escalation_level < n` re-check (and SKIP LOCKED), so each case is
 * escalated, recorded and announced exactly once per level.
 *
 * @example
 * const done = await escalateOverdue(db); // [{ id: 7, level: 1 }, …]
 */
export async function escalateOverdue(db: Db, batch = 500): Promise<Escalated[]> {
  const escalated: Escalated[] = [];
  for (const level of [1, 2]) {
    const deadline = level === 1 ? stageDeadlineSql('i') : sql.raw('i.escalate_at');
    const center =
      level === 1
        ? sql`json_build_object('center', 'street', 'centerCode', i.street_code)`
        : sql`json_build_object('center', 'district', 'centerCode', i.district_code)`;
    const result = await db.execute<{ id: number }>(sql`
      WITH due AS (
        SELECT i.id FROM incidents i
        WHERE ${openCondition('i')} AND ${deadline} <= now() AND i.escalation_level < ${level}
        ORDER BY ${deadline} LIMIT ${batch} FOR UPDATE SKIP LOCKED
      ),
      upd AS (
        UPDATE incidents i SET escalation_level = ${level}, updated_at = now() FROM due
        WHERE i.id = due.id AND i.escalation_level < ${level} RETURNING i.*
      ),
      ev AS (
        INSERT INTO incident_events (incident_id, action, from_status, to_status, actor, detail, at)
        SELECT i.id, 'escalate', i.status, i.status, 'system',
          (${center})::jsonb || jsonb_build_object('level', ${level}::int, 'stageDueAt', i.stage_due_at), now()
        FROM upd i
      ),
      live AS (
        INSERT INTO live_events (kind, incident_id, grid_code, community_code, street_code, district_code, payload)
        SELECT 'overdue', i.id, i.grid_code, i.community_code, i.street_code, i.district_code, ${livePayload('escalate')}
        FROM upd i RETURNING id, incident_id
      ),
      wake AS (SELECT pg_notify('live_events', max(id)::text) FROM live HAVING count(*) > 0)
      SELECT incident_id AS id, (SELECT count(*) FROM wake) AS w FROM live`);
    for (const row of result.rows) escalated.push({ id: row.id, level });
  }
  return escalated;
}
