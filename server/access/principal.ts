import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../middleware/errors.ts';
import { publicPrincipal, type Principal, type Role } from '../../core/access/roles.ts';
import { sha256Hex } from './tokens.ts';
import { authorizationOf } from './query-key.ts';
import { findSession } from '../../db/queries/auth.ts';
import { findApiTokenOwner } from '../../db/queries/auth-tokens.ts';
import { principalCacheFor } from './principal-cache.ts';

/** Name of the session cookie (HttpOnly, SameSite=Lax; its value is never stored, only its hash). */
export const sessionCookie = 'pingan_session';
/** Login ignores a stale cookie (the user is logging in again). */
export const loginPath = '/api/auth/login';

interface Account {
  id: number;
  username: string;
  role: Role;
  scopeCode: string | null;
  workerCode: string | null;
}

/** The principal of an account row. */
export const principalOf = (account: Account): Principal => ({
  role: account.role,
  userId: account.id,
  username: account.username,
  scopeCode: account.scopeCode,
  ...(account.workerCode ? { workerCode: account.workerCode } : {}),
});

/**
 * Resolves who is calling and sets `c.get('principal')`: an `Authorization: Bearer` API token, else
 * the session cookie, else the public principal. Credentials that are sent but invalid (unknown,
 * expired, revoked, disabled account) are a 401, never a silent downgrade to public; a stale cookie
 * is cleared in that 401 so the next request is public.
 *
 * @example
 * app.use('/api/*', principal(deps));
 */
export function principal({ database }: AppDeps): MiddlewareHandler<AppEnv> {
  // a lookup per signed-in request, remembered until a NOTIFY says the account changed (principal-cache.ts)
  const cache = principalCacheFor(database);
  return async (c, next) => {
    c.set('principal', publicPrincipal);
    c.set('credential', 'none');
    const authorization = authorizationOf(c); // the header, or an OGC read's ?api_key= as one
    const cookie = getCookie(c, sessionCookie);
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) throw new ApiError(401, 'invalid_authorization', 'Authorization must be "Bearer <token>"');
      const hash = sha256Hex(match[1]!);
      const owner = await cache.lookup(
        `t:${hash}`,
        () => findApiTokenOwner(database, hash),
        (found) => ({ userId: found.id }),
      );
      if (!owner) throw new ApiError(401, 'invalid_token', 'unknown or revoked API token');
      c.set('principal', principalOf(owner));
      c.set('credential', 'token');
    } else if (cookie !== undefined && !(c.req.method === 'POST' && c.req.path === loginPath)) {
      const id = sha256Hex(cookie);
      const session = await cache.lookup(
        `s:${id}`,
        () => findSession(database, id),
        (found) => ({ userId: found.id, expiresAt: found.expiresAt }),
      );
      if (!session) {
        deleteCookie(c, sessionCookie, { path: '/' });
        throw new ApiError(401, 'session_expired', 'session expired or ended; log in again');
      }
      c.set('principal', principalOf(session));
      c.set('credential', 'session');
      c.set('session', { id, csrfToken: session.csrfToken });
    }
    await next();
  };
}
