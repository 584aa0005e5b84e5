import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { createUser, type NewUser } from '../../db/queries/auth.ts';
import { createApiToken } from '../../db/queries/auth-tokens.ts';
import { hashPassword } from '../../server/access/passwords.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../../server/access/tokens.ts';
import { sessionCookie } from '../../server/access/principal.ts';

export const testPassword = 'test-password-123';
let passwordHash: Promise<string> | undefined;

export interface TestAccount {
  id: number;
  username: string;
  /** `Authorization: Bearer …` headers of an API token of this account */
  bearer: Record<string, string>;
}

/**
 * Creates an account (unique username with the given prefix) and an API token for it. Remove it
 * with `removeAccounts`; sessions and tokens go with it (ON DELETE CASCADE).
 *
 * @example
 * const admin = await createAccount(database, { role: 'admin' });
 */
export async function createAccount(
  database: Database,
  spec: Pick<NewUser, 'role'> & Partial<Pick<NewUser, 'scopeCode' | 'workerCode'>>,
  prefix = 'test',
): Promise<TestAccount> {
  passwordHash ??= hashPassword(testPassword);
  const username = `${prefix}-${spec.role}-${randomBytes(4).toString('hex')}`.replace(/_/g, '-');
  const user = await createUser(database.db, { username, displayName: username, passwordHash: await passwordHash, ...spec });
  const token = randomToken(apiTokenPrefix);
  await createApiToken(database.db, { userId: user!.id, name: 'test', tokenHash: sha256Hex(token) });
  return { id: user!.id, username, bearer: { authorization: `Bearer ${token}` } };
}

/** Deletes test accounts (their audit rows stay: the log is append-only) and their login counters. */
export async function removeAccounts(database: Database, accounts: { username: string }[]): Promise<void> {
  for (const { username } of accounts) {
    await database.pool.query('DELETE FROM users WHERE username = $1', [username]);
    await database.pool.query(`DELETE FROM login_attempts WHERE key LIKE $1`, [`user:${username}|%`]);
  }
}

export interface Session {
  cookie: string;
  csrfToken: string;
  /** headers for a request with the session cookie; `csrf` adds X-CSRF-Token */
  headers(csrf?: boolean): Record<string, string>;
}

/**
 * Logs in through the API and returns the cookie and CSRF token.
 *
 * @example
 * const session = await login(app, admin.username);
 * await app.request('/api/auth/logout', { method: 'POST', headers: session.headers(true) });
 */
export async function login(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  username: string,
  password = testPassword,
  ip = '10.77.0.1',
): Promise<Session> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username} → ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const value = new RegExp(`${sessionCookie}=([^;]+)`).exec(setCookie)?.[1];
  const body = (await res.json()) as { csrfToken: string };
  const cookie = `${sessionCookie}=${value}`;
  return {
    cookie,
    csrfToken: body.csrfToken,
    headers: (csrf = false) => ({ cookie, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': body.csrfToken } : {}) }),
  };
}
