import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { Owner, RoutingAction, RoutingState } from '../../core/workflow/routing.ts';
import { centerLevel, routableStatuses } from '../../core/workflow/routing.ts';
import type { Status } from '../../core/workflow/machine.ts';
import { noticeCtes, type Channel, type NoticeKind } from './notifications.ts';
import { livePayloadWithOwner } from './incidents-workflow.ts';

type OwnershipRow = {
  status: Status;
  owner_kind: Owner['kind'] | null;
  owner_code: string | null;
  sender_kind: Owner['kind'] | null;
  sender_code: string | null;
  assist_departments: string[] | string;
};

/** A Postgres text[] as it arrives from db.execute on either engine. */
const textArray = (value: string[] | string): string[] =>
  Array.isArray(value)
    ? value
    : value === '{}'
      ? []
      : value
          .slice(1, -1)
          .split(',')
          .map((v) => v.replace(/^"|"$/g, ''));

/**
 * The holder, sender and 协办 list of a case (no scope check: the caller found the case in scope first).
 *
 * @example
 * const state = await loadRoutingState(db, 42); // { status: 'registered', owner: { kind: 'center', code: '210102001' }, … }
 */
export async function loadRoutingState(db: Db, id: number): Promise<RoutingState | null> {
  const result = await db.execute<OwnershipRow>(
    sql`SELECT status, owner_kind, owner_code, sender_kind, sender_code, assist_departments FROM incidents WHERE id = ${id}`,
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    status: row.status,
    owner: row.owner_kind && row.owner_code ? { kind: row.owner_kind, code: row.owner_code } : null,
    sender: row.sender_kind && row.sender_code ? { kind: row.sender_kind, code: row.sender_code } : null,
    assists: textArray(row.assist_departments),
  };
}

/**
 * Whether a center (by area code: street, district, or the city = a districts' parent code) or a department exists.
 *
 * @example
 * await holderExists(db, { kind: 'department', code: '区城管局' }) // true
 */
export async function holderExists(db: Db, owner: Owner): Promise<boolean> {
  let query: SQL;
  if (owner.kind === 'department') query = sql`SELECT 1 FROM departments WHERE code = ${owner.code}`;
  else {
    const level = centerLevel(owner.code);
    if (level === 'street') query = sql`SELECT 1 FROM streets WHERE code = ${owner.code}`;
    else if (level === 'district') query = sql`SELECT 1 FROM districts WHERE code = ${owner.code}`;
    else if (level === 'city') query = sql`SELECT 1 FROM districts WHERE left(parent_code, 4) = ${owner.code.slice(0, 4)} LIMIT 1`;
    else return false;
  }
  return (await db.execute(query)).rows.length > 0;
}

const notices: Record<RoutingAction, NoticeKind> = { hand_up: 'handed_up', transfer: 'transferred', return: 'returned', co_handle: 'co_handling' };

/**
 * Writes one move in ONE statement: the holder columns, the history event (the chain: {from, to, reason}),
 * the notice to the new holder with its deliveries, and the live event. Optimistic: applied only if the
 * case is still with the holder it was planned from and still routable; false when someone moved it first.
 *
 * @example
 * await applyRouting(db, 42, { before, next, action: 'hand_up', actor: 'cmd1', reason: '…', detail, now }, ['log']);
 */
export async function applyRouting(
  db: Db,
  id: number,
  change: { before: RoutingState; next: RoutingState; action: RoutingAction; actor: string; reason: string | null; detail: Record<string, unknown>; now: Date },
  channels: readonly Channel[],
): Promise<boolean> {
  const { before: b, next: n } = change;
  const open = sql.raw(routableStatuses.map((s) => `'${s}'`).join(','));
  const assists = `{${n.assists.map((a) => `"${a.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  const result = await db.execute<{ id: number | null }>(sql`
    WITH upd AS (
      UPDATE incidents i SET owner_kind = ${n.owner!.kind}, owner_code = ${n.owner!.code},
        sender_kind = ${n.sender?.kind ?? null}::text, sender_code = ${n.sender?.code ?? null}::text,
        assist_departments = ${assists}::text[], updated_at = ${change.now}
      WHERE i.id = ${id} AND i.owner_kind = ${b.owner!.kind} AND i.owner_code = ${b.owner!.code} AND i.status IN (${open})
      RETURNING i.*
    ),
    ev AS (
      INSERT INTO incident_events (incident_id, action, from_status, to_status, actor, note, detail, at)
      SELECT id, ${change.action}::text, status, status, ${change.actor}::text, ${change.reason}::text, ${JSON.stringify(change.detail)}::jsonb, ${change.now}::timestamptz
      FROM upd
    ),
    ${noticeCtes('upd', notices[change.action], { kind: sql`i.owner_kind`, code: sql`i.owner_code` }, channels, sql`jsonb_build_object('from', ${JSON.stringify(b.owner)}::jsonb, 'reason', ${change.reason}::text)`)},
    live AS (
      INSERT INTO live_events (kind, incident_id, grid_code, community_code, street_code, district_code, payload)
      SELECT 'updated', i.id, i.grid_code, i.community_code, i.street_code, i.district_code, ${livePayloadWithOwner(change.action)}
      FROM upd i RETURNING id
    )
    SELECT (SELECT id FROM upd) AS id, (SELECT pg_notify('live_events', id::text) FROM live) AS notified`);
  return result.rows[0]?.id != null;
}

/**
 * The caller's area widened by what their center holds or has just sent on: a commander also sees the cases
 * held by a center in their area wherever the case lies (a street that received a transfer from another
 * street sees it), and the ones such a center handed to their present holder (to follow them, and so a move
 * never makes the case vanish from the desk that made it).
 *
 * @example
 * sql`… WHERE ${heldOrInArea(scopeSql, '210102001')}`
 */
export function heldOrInArea(areaCondition: SQL, scopeCode: string | null, alias = 'i'): SQL {
  if (scopeCode === null) return areaCondition;
  const col = (name: string) => sql.raw(`${alias}.${name}`);
  const mine = (kind: string, code: string) => sql`(${col(kind)} = 'center' AND left(${col(code)}, ${scopeCode.length}) = ${scopeCode})`;
  return sql`(${areaCondition} OR ${mine('owner_kind', 'owner_code')} OR ${mine('sender_kind', 'sender_code')})`;
}
