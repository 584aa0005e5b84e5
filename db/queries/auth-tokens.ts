import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { hotQuery, type Database, type Db } from '../client.ts';
import { apiTokens, users } from '../schema/system.ts';
import type { Role } from '../../core/access/roles.ts';

/** An API token as listed (never its hash). */
export interface ApiTokenRow {
  id: number;
  userId: number;
  username: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const tokenColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  username: users.username,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

/**
 * Stores a token hash for a user; the clear token is shown once by the caller and never stored.
 *
 * @example
 * const id = await createApiToken(db, { userId, name: 'open311-bridge', tokenHash: sha256Hex(token) });
 */
export async function createApiToken(db: Db, token: { userId: number; name: string; tokenHash: string }): Promise<number> {
  const rows = await db.insert(apiTokens).values(token).returning({ id: apiTokens.id });
  return rows[0]!.id;
}

/** Every token, newest first per user. */
export function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db.select(tokenColumns).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId)).orderBy(asc(users.username), asc(apiTokens.id));
}

/** Revokes a token; false when there is no such live token. */
export async function revokeApiToken(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

const ownerSql = `
  SELECT t.id AS "tokenId", t.last_used_at < now() - interval '1 minute' OR t.last_used_at IS NULL AS stale,
         u.id, u.username, u.role, u.scope_code AS "scopeCode", u.worker_code AS "workerCode"
  FROM api_tokens t JOIN users u ON u.id = t.user_id
  WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND NOT u.disabled`;

/**
 * The enabled account behind a live token, stamping `last_used_at` at most once a minute (so machine
 * clients polling tiles do not write a row per request). Plain SQL: this runs on every bearer request.
 *
 * @example
 * const owner = await findApiTokenOwner(database, sha256Hex(bearer));
 */
export async function findApiTokenOwner(database: Pick<Database, 'prepared' | 'pool'>, tokenHash: string) {
  const result = await hotQuery<{
    tokenId: number;
    stale: boolean;
    id: number;
    username: string;
    role: Role;
    scopeCode: string | null;
    workerCode: string | null;
  }>(database, ownerSql, [tokenHash]);
  const row = result.rows[0];
  if (!row) return undefined;
  if (row.stale) await database.pool.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.tokenId]);
  const { id, username, role, scopeCode, workerCode } = row;
  return { id, username, role, scopeCode, workerCode };
}
