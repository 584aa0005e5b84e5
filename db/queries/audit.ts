import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import { hotQuery, type Database, type Db } from '../client.ts';
import { auditLog } from '../schema/system.ts';

/** One audit row to append. `action` e.g. login, login_failed, write, read_personal, reveal. */
export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id' | 'at'>;
export type AuditRow = typeof auditLog.$inferSelect;

const columns = 'user_id, username, role, action, target, reason, success, ip, request_id, detail';
const appendOneSql = `INSERT INTO audit_log (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
/** one statement text for any batch size, so it stays one prepared statement */
const appendManySql = `INSERT INTO audit_log (${columns})
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::text[], $9::text[], $10::jsonb[])`;

const values = (entry: AuditEntry) => [
  entry.userId ?? null, entry.username ?? null, entry.role ?? null, entry.action, entry.target ?? null, entry.reason ?? null,
  entry.success ?? true, entry.ip ?? null, entry.requestId ?? null, entry.detail === undefined || entry.detail === null ? null : JSON.stringify(entry.detail),
];

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}
type AuditDatabase = Pick<Database, 'prepared' | 'pool'>;
const queues = new WeakMap<AuditDatabase, { waiting: Pending[]; flushing: boolean }>();

/**
 * Appends one row to the audit log (a trigger refuses UPDATE/DELETE/TRUNCATE, so rows are kept).
 * Resolves once the row is committed. Rows appended while an insert is on its way go together in the
 * next one (group commit): under load a staff read of personal data costs a share of one INSERT
 * instead of a round trip and a commit of its own, and nothing is acknowledged before it is stored.
 * If a batch fails, its rows are retried one by one in call order, so each caller gets its own row's outcome.
 *
 * @example
 * await appendAudit(database, { action: 'login_failed', username: 'li', success: false, ip: '10.0.0.1' });
 */
export function appendAudit(database: AuditDatabase, entry: AuditEntry): Promise<void> {
  let queue = queues.get(database);
  if (!queue) queues.set(database, (queue = { waiting: [], flushing: false }));
  const added = new Promise<void>((resolve, reject) => queue.waiting.push({ entry, resolve, reject }));
  if (!queue.flushing) void flush(database, queue);
  return added;
}

async function flush(database: AuditDatabase, queue: { waiting: Pending[]; flushing: boolean }): Promise<void> {
  queue.flushing = true;
  try {
    // one turn of the event loop: requests finishing together share the insert
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.waiting.length) {
      const batch = queue.waiting.splice(0, 500);
      try {
        const rows = batch.map((pending) => values(pending.entry));
        if (rows.length === 1) await hotQuery(database, appendOneSql, rows[0]);
        else await hotQuery(database, appendManySql, rows[0]!.map((_, column) => rows.map((row) => row[column])));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // one by one, in call order (ids stay in the order the calls were made)
        else for (const pending of batch) await appendOne(database, pending);
      }
    }
  } finally {
    queue.flushing = false;
  }
}

async function appendOne(database: AuditDatabase, pending: Pending): Promise<void> {
  try {
    await hotQuery(database, appendOneSql, values(pending.entry));
    pending.resolve();
  } catch (error) {
    pending.reject(error);
  }
}

export interface AuditFilter {
  username?: string;
  userId?: number;
  action?: string;
  /** prefix of the target, e.g. "incident:" or "/api/admin" */
  target?: string;
  success?: boolean;
  from?: Date;
  to?: Date;
  /** id of the last row of the previous page */
  cursor?: number;
  limit: number;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * Audit rows newest first, filtered; keyset pagination on id (stable while rows are appended).
 *
 * @example
 * const page = await listAudit(db, { action: 'login_failed', limit: 50 });
 * const next = await listAudit(db, { action: 'login_failed', limit: 50, cursor: page.nextCursor! });
 */
export async function listAudit(db: Db, filter: AuditFilter): Promise<{ items: AuditRow[]; nextCursor: number | null }> {
  const conditions: (SQL | undefined)[] = [
    filter.username === undefined ? undefined : eq(auditLog.username, filter.username),
    filter.userId === undefined ? undefined : eq(auditLog.userId, filter.userId),
    filter.action === undefined ? undefined : eq(auditLog.action, filter.action),
    filter.target === undefined ? undefined : like(auditLog.target, `${escapeLike(filter.target)}%`),
    filter.success === undefined ? undefined : eq(auditLog.success, filter.success),
    filter.from === undefined ? undefined : gte(auditLog.at, filter.from),
    filter.to === undefined ? undefined : lte(auditLog.at, filter.to),
    filter.cursor === undefined ? undefined : lt(auditLog.id, filter.cursor),
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1]!.id : null };
}
