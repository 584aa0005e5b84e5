import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { sessionCookie } from '../../access/principal.ts';
import { isHttps } from '../../access/request-info.ts';
import { randomToken, sha256Hex } from '../../access/tokens.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { MeResponse } from '../../../core/contracts/auth.ts';
import { createSession, findSession, findUser, type UserRow } from '../../../db/queries/auth.ts';

/**
 * Login attempts allowed inside one window (docs/access-control.md): per account at one address, per
 * account from anywhere (a guesser spread over many addresses), and per address across accounts (a
 * sprayer). Attempts are counted before the password check; a successful login gives its attempt
 * back. A locked address only blocks accounts that already failed from it, so one bad neighbour behind
 * a NAT does not keep a colleague with the right password out.
 */
export const loginLimit = { perAccount: 5, perAccountTotal: 50, perIp: 30, windowMinutes: 15 };

/**
 * The caller as `/auth/me` describes them; the CSRF token and expiry only for a cookie session (a
 * token caller has neither).
 *
 * @example
 * return c.json(await currentAccount(deps, c));
 */
export async function currentAccount({ database }: AppDeps, c: Context<AppEnv>): Promise<MeResponse> {
  const principal = callerOf(c);
  if (principal.role === 'public' || !principal.userId) {
    return { authenticated: false, role: 'public', account: null, csrfToken: null, expiresAt: null };
  }
  const user = await findUser(database.db, { id: principal.userId });
  if (!user) throw new ApiError(401, 'unauthenticated', 'account no longer exists');
  const session = c.get('credential') === 'session' ? await findSession(database, c.get('session').id) : undefined;
  const { id, username, displayName, role, scopeCode, workerCode } = user;
  return {
    authenticated: true,
    role,
    account: { id, username, displayName, role: role as Exclude<typeof role, 'public'>, scopeCode, workerCode },
    csrfToken: session?.csrfToken ?? null,
    expiresAt: session?.expiresAt.toISOString() ?? null,
  };
}

/**
 * Opens a cookie session for `user` and makes them the caller of this request, so the login answer
 * (and its audit entry) already speak for the new account. Only the cookie's hash is stored.
 *
 * @example
 * await startSession(deps, c, user, clientIp(c, env));
 */
export async function startSession({ database, env }: AppDeps, c: Context<AppEnv>, user: UserRow, ip: string): Promise<void> {
  const cookie = randomToken();
  const ttlSeconds = Math.round(env.SESSION_TTL_HOURS * 3600);
  const id = sha256Hex(cookie);
  await createSession(database.db, {
    id,
    userId: user.id,
    csrfToken: randomToken(),
    expiresAt: new Date(Date.now() + ttlSeconds * 1000),
    ip,
    userAgent: c.req.header('user-agent')?.slice(0, 300) ?? null,
  });
  setCookie(c, sessionCookie, cookie, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: env.COOKIE_SECURE === 'true' || (env.COOKIE_SECURE === 'auto' && isHttps(c, env.TRUST_PROXY)),
    maxAge: ttlSeconds,
  });
  c.set('principal', { role: user.role, userId: user.id, username: user.username, scopeCode: user.scopeCode });
  c.set('credential', 'session');
  c.set('session', { id, csrfToken: '' });
}
