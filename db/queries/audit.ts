import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditLog } from '../schema/system.ts';

/** One audit row to append. `action` e.g. login, login_failed, write, read_personal, reveal. */
export type AuditEntry = Omit<typeof auditLog.$inferInsert, 'id' | 'at'>;
export type AuditRow = typeof auditLog.$inferSelect;

/**
 * Appends one row to the audit log (a trigger refuses UPDATE/DELETE/TRUNCATE, so rows are kept).
 *
 * @example
 * await appendAudit(db, { action: 'login_failed', username: 'li', success: false, ip: '10.0.0.1' });
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
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
