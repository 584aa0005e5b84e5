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

/**
 * Text as PostgreSQL can store it: U+0000 (which text and jsonb refuse, and which would lose the whole
 * row) becomes U+FFFD, and the value is capped, so whatever a request carried, its audit row is written.
 */
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must not reach PostgreSQL
const storable = (text: string | null | undefined, max = 2000) => (text == null ? null : text.replace(/\u0000/g, '\ufffd').slice(0, max));
const storableJson = (detail: unknown) => {
  if (detail === undefined || detail === null) return null;
  const json = JSON.stringify(detail).replace(/\\u0000/g, '\\ufffd');
  // cut as a string inside valid JSON, never through the JSON itself
  return json.length <= 20_000 ? json : JSON.stringify({ truncated: true, start: json.slice(0, 2000) });
};

const values = (entry: AuditEntry) => [
  entry.userId ?? null,
  storable(entry.username, 200),
  storable(entry.role, 50),
  storable(entry.action, 100),
  storable(entry.target, 500),
  storable(entry.reason),
  entry.success ?? true,
  storable(entry.ip, 64),
  storable(entry.requestId, 100),
  storableJson(entry.detail),
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
        else
          await hotQuery(
            database,
            appendManySql,
            rows[0]!.map((_, column) => rows.map((row) => row[column])),
          );
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

/** One refused anonymous request, as `countRefused` aggregates it. */
export interface RefusedRequest {
  ip: string;
  method: string;
  /** the matched route's pattern, or '(no route)': a bounded set, never the raw path */
  route: string;
  status: number;
  /** the raw path of the latest such request, capped by the caller */
  samplePath: string;
  requestId: string | null;
}

const countRefusedSql = `
  INSERT INTO audit_refused (minute, ip, method, route, status, count, sample_path, last_request_id)
  VALUES (date_trunc('minute', now()), $1, $2, $3, $4, 1, $5, $6)
  ON CONFLICT (minute, ip, method, route, status) DO UPDATE SET
    count = audit_refused.count + 1, sample_path = excluded.sample_path, last_request_id = excluded.last_request_id`;

/**
 * Counts a refused anonymous request in `audit_refused`: one row per minute, address, method, route
 * pattern and status, however many requests (one atomic upsert, shared by every server process).
 *
 * @example
 * await countRefused(database, { ip: '10.0.0.9', method: 'POST', route: '/api/incidents', status: 401, samplePath: '/api/incidents', requestId });
 */
export async function countRefused(database: AuditDatabase, request: RefusedRequest): Promise<void> {
  await hotQuery(database, countRefusedSql, [
    storable(request.ip, 64),
    storable(request.method, 16),
    storable(request.route, 300),
    request.status,
    storable(request.samplePath, 300),
    storable(request.requestId, 100),
  ]);
}
