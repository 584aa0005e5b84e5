import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';

/** Notice kinds (the outbox's CHECK lists the same). */
export type NoticeKind = 'dispatched' | 'returned' | 'overdue' | 'escalated' | 'handed_up' | 'transferred' | 'co_handling';
/** Channels with a delivery row; the live page is fed by the live_events row of the same statement instead. */
export type Channel = 'log' | 'webhook';

/**
 * CTEs that write one notice per row of the CTE `from` (an UPDATE … RETURNING i.* of incidents) and one
 * pending delivery per channel — to be put in the same statement as the change, so a notice exists exactly
 * when the change committed. `recipient` is SQL over the row alias `i` giving (kind, code).
 *
 * @example
 * sql`WITH upd AS (UPDATE incidents i … RETURNING i.*), ${noticeCtes('upd', 'dispatched', recipient, ['log'])} SELECT …`
 */
export function noticeCtes(
  from: string,
  kind: NoticeKind | SQL,
  recipient: { kind: SQL; code: SQL },
  channels: readonly Channel[],
  extra: SQL = sql`'{}'::jsonb`,
): SQL {
  const source = sql.raw(from);
  return sql`notice AS (
      INSERT INTO notifications (kind, incident_id, recipient_kind, recipient_code, district_code, street_code, payload)
      SELECT ${kind}::text, i.id, ${recipient.kind}, ${recipient.code}, i.district_code, i.street_code,
        jsonb_build_object('id', i.id, 'code', i.code, 'category', i.category, 'status', i.status,
          'owner', jsonb_build_object('kind', i.owner_kind, 'code', i.owner_code),
          'assignee', CASE WHEN i.assignee_code IS NULL THEN NULL ELSE jsonb_build_object('kind', i.assignee_kind, 'code', i.assignee_code) END,
          'dueAt', i.due_at, 'stageDueAt', i.stage_due_at) || ${extra}
      FROM ${source} i RETURNING id
    ),
    deliveries AS (
      INSERT INTO notification_deliveries (notification_id, channel)
      SELECT n.id, c FROM notice n, unnest(${`{${channels.join(',')}}`}::text[]) c
    )`;
}

export type ClaimedDelivery = {
  id: number;
  channel: Channel;
  attempts: number;
  notification: {
    id: number;
    kind: NoticeKind;
    incident_id: number;
    recipient_kind: string | null;
    recipient_code: string | null;
    payload: unknown;
    created_at: string;
  };
};

/**
 * Claims up to `limit` due deliveries for `leaseSeconds`: rows locked by another deliverer are skipped
 * (`FOR UPDATE SKIP LOCKED`) and a claimed row is nobody else's until its lease ends, so several processes
 * can run the deliverer and each delivery is attempted by one of them at a time.
 *
 * @example
 * for (const d of await claimDeliveries(db, 20, 30)) await send(d);
 */
export async function claimDeliveries(db: Db, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
  const result = await db.execute<ClaimedDelivery>(sql`
    WITH due AS (
      SELECT d.id FROM notification_deliveries d
      WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.lease_until IS NULL OR d.lease_until < now())
      ORDER BY d.next_attempt_at, d.id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE notification_deliveries d SET lease_until = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1
    FROM due WHERE d.id = due.id
    RETURNING d.id::int AS id, d.channel, d.attempts,
      (SELECT to_jsonb(n) FROM notifications n WHERE n.id = d.notification_id) AS notification`);
  return result.rows.map((r) => ({ ...r, notification: typeof r.notification === 'string' ? JSON.parse(r.notification) : r.notification }));
}

/**
 * Records a delivery as sent, with what was sent. Only a still-pending row is marked (a second mark is a no-op).
 *
 * @example
 * await markSent(db, delivery.id, { status: 200 });
 */
export async function markSent(db: Db, id: number, sent: Record<string, unknown>): Promise<void> {
  await db.execute(sql`UPDATE notification_deliveries SET status = 'sent', sent_at = now(), lease_until = NULL, last_error = NULL,
    sent = ${JSON.stringify(sent)}::jsonb WHERE id = ${id} AND status = 'pending'`);
}

/**
 * Records a failed attempt: retried after `retryInSeconds`, or given up (`failed`) once `attempts` reached `maxAttempts`.
 *
 * @example
 * await markFailed(db, delivery.id, 'HTTP 503', 2 ** delivery.attempts, 8, delivery.attempts);
 */
export async function markFailed(db: Db, id: number, error: string, retryInSeconds: number, maxAttempts: number, attempts: number): Promise<void> {
  await db.execute(sql`UPDATE notification_deliveries SET lease_until = NULL, last_error = ${error.slice(0, 500)},
    next_attempt_at = now() + make_interval(secs => ${retryInSeconds}),
    status = CASE WHEN ${attempts} >= ${maxAttempts} THEN 'failed' ELSE 'pending' END
    WHERE id = ${id} AND status = 'pending'`);
}

export type NotificationRecord = {
  id: number;
  kind: string;
  incidentId: number;
  recipientKind: string | null;
  recipientCode: string | null;
  payload: unknown;
  createdAt: string;
  deliveries: { channel: string; status: string; attempts: number; lastError: string | null; sentAt: string | null; sent: unknown }[];
};

/**
 * The newest notices with their deliveries (the record of what was sent), optionally for one case.
 *
 * @example
 * await listNotifications(db, { limit: 50 });
 */
export async function listNotifications(db: Db, options: { limit: number; incidentId?: number }): Promise<NotificationRecord[]> {
  const filter = options.incidentId === undefined ? sql`true` : sql`n.incident_id = ${options.incidentId}`;
  const result = await db.execute<NotificationRecord>(sql`
    SELECT n.id::int AS id, n.kind, n.incident_id::int AS "incidentId", n.recipient_kind AS "recipientKind", n.recipient_code AS "recipientCode",
      n.payload, to_char(n.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
      coalesce((SELECT json_agg(json_build_object('channel', d.channel, 'status', d.status, 'attempts', d.attempts, 'lastError', d.last_error,
        'sentAt', to_char(d.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'sent', d.sent) ORDER BY d.channel)
        FROM notification_deliveries d WHERE d.notification_id = n.id), '[]'::json) AS deliveries
    FROM notifications n WHERE ${filter} ORDER BY n.id DESC LIMIT ${options.limit}`);
  return result.rows.map((r) => ({
    ...r,
    payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
    deliveries: typeof r.deliveries === 'string' ? JSON.parse(r.deliveries) : r.deliveries,
  }));
}
