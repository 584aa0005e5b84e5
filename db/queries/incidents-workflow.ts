import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { CaseRecord } from '../../core/workflow/plan.ts';
import { livePayload, openCondition, stageDeadlineSql } from './incidents.ts';
import { noticeCtes, type Channel } from './notifications.ts';

/** The live payload of a row `i`, with its holder (so each center's page can pick its own queue's events). */
export const livePayloadWithOwner = (action: string) =>
  sql`((${livePayload(action)})::jsonb || jsonb_build_object('owner', jsonb_build_object('kind', i.owner_kind, 'code', i.owner_code)))`;

/** Workflow actions that notify someone: a (re-)dispatch tells the assignee. */
const dispatchNotice = (channels: readonly Channel[]) => noticeCtes('upd', 'dispatched', { kind: sql`i.assignee_kind`, code: sql`i.assignee_code` }, channels);

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
  channels: readonly Channel[] = ['log'],
): Promise<boolean> {
  const { before: b, next: n, now } = change;
  const notice = change.action === 'dispatch' || change.action === 'rework' ? sql`${dispatchNotice(channels)},` : sql``;
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
    ${notice}
    live AS (
      INSERT INTO live_events (kind, incident_id, grid_code, community_code, street_code, district_code, payload)
      SELECT 'updated', i.id, i.grid_code, i.community_code, i.street_code, i.district_code, ${livePayloadWithOwner(change.action)}
      FROM upd i RETURNING id
    )
    SELECT (SELECT id FROM upd) AS id, (SELECT pg_notify('live_events', id::text) FROM live) AS notified`);
  return result.rows[0]?.id != null;
}

export interface Escalated {
  id: number;
  level: number;
  /** level 2 moved the case from its street center to the district center */
  moved: boolean;
}

/** The deadline stage of a status, in SQL (core/workflow/machine.ts stageOf). */
const stageSql = sql.raw(`CASE i.status WHEN 'reported' THEN 'register' WHEN 'registered' THEN 'dispatch'
  WHEN 'dispatched' THEN 'handle' WHEN 'handling' THEN 'handle' ELSE 'verify' END`);

/**
 * Claims and escalates overdue open cases: level 1 (street center) once the stage deadline has passed,
 * level 2 (district center) once `escalate_at` has. At level 2 a case still held by its street center
 * moves to the district center (the district takes it over, the street is its sender) unless the
 * category's rule says `escalate_moves = false`. Safe with several processes running it at once: rows
 * are claimed by the UPDATE's own `escalation_level < n` re-check (and SKIP LOCKED), so each case is
 * escalated, recorded, notified and announced exactly once per level.
 *
 * @example
 * const done = await escalateOverdue(db); // [{ id: 7, level: 1, moved: false }, …]
 */
export async function escalateOverdue(db: Db, batch = 500, channels: readonly Channel[] = ['log']): Promise<Escalated[]> {
  const escalated: Escalated[] = [];
  for (const level of [1, 2]) {
    const deadline = level === 1 ? stageDeadlineSql('i') : sql.raw('i.escalate_at');
    const center =
      level === 1
        ? sql`json_build_object('center', 'street', 'centerCode', i.street_code)`
        : sql`json_build_object('center', 'district', 'centerCode', i.district_code)`;
    // the rule of the case's category (or the default '*') for its current stage
    const moves =
      level === 2
        ? sql`(i.owner_kind = 'center' AND i.owner_code = i.street_code AND i.district_code IS NOT NULL AND coalesce((
            SELECT r.escalate_moves FROM deadline_rules r WHERE r.category IN (i.category, '*') AND r.stage = ${stageSql}
            ORDER BY r.category = '*' LIMIT 1), true))`
        : sql`false`;
    const result = await db.execute<{ id: number; moved: boolean }>(sql`
      WITH due AS (
        SELECT i.id, ${moves} AS moves, i.owner_kind AS old_kind, i.owner_code AS old_code FROM incidents i
        WHERE ${openCondition('i')} AND ${deadline} <= now() AND i.escalation_level < ${level}
        ORDER BY ${deadline} LIMIT ${batch} FOR UPDATE SKIP LOCKED
      ),
      upd AS (
        UPDATE incidents i SET escalation_level = ${level}, updated_at = now(),
          owner_code = CASE WHEN due.moves THEN i.district_code ELSE i.owner_code END,
          sender_kind = CASE WHEN due.moves THEN i.owner_kind ELSE i.sender_kind END,
          sender_code = CASE WHEN due.moves THEN i.owner_code ELSE i.sender_code END
        FROM due
        WHERE i.id = due.id AND i.escalation_level < ${level} RETURNING i.*, due.moves, due.old_kind, due.old_code
      ),
      ev AS (
        INSERT INTO incident_events (incident_id, action, from_status, to_status, actor, detail, at)
        SELECT i.id, 'escalate', i.status, i.status, 'system',
          (${center})::jsonb || jsonb_build_object('level', ${level}::int, 'stageDueAt', i.stage_due_at)
            || CASE WHEN i.moves THEN jsonb_build_object('from', jsonb_build_object('kind', i.old_kind, 'code', i.old_code),
                 'to', jsonb_build_object('kind', i.owner_kind, 'code', i.owner_code)) ELSE '{}'::jsonb END,
          now()
        FROM upd i
      ),
      ${noticeCtes('upd', level === 1 ? 'overdue' : 'escalated', { kind: sql`i.owner_kind`, code: sql`i.owner_code` }, channels, sql`jsonb_build_object('level', ${level}::int, 'moved', i.moves)`)},
      live AS (
        INSERT INTO live_events (kind, incident_id, grid_code, community_code, street_code, district_code, payload)
        SELECT 'overdue', i.id, i.grid_code, i.community_code, i.street_code, i.district_code, ${livePayloadWithOwner('escalate')}
        FROM upd i RETURNING id, incident_id
      ),
      wake AS (SELECT pg_notify('live_events', max(id)::text) FROM live HAVING count(*) > 0)
      SELECT u.id, u.moves AS moved, (SELECT count(*) FROM wake) AS w FROM upd u`);
    for (const row of result.rows) escalated.push({ id: Number(row.id), level, moved: row.moved === true || (row.moved as unknown) === 't' });
  }
  return escalated;
}
