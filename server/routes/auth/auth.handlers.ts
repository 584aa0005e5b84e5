import { deleteCookie } from 'hono/cookie';
import type { AppDeps } from '../../context.ts';
import { readJson } from '../../access/body.ts';
import { audit } from '../../access/audit.ts';
import { sessionCookie } from '../../access/principal.ts';
import { clientIp } from '../../access/request-info.ts';
import { hashPassword, verifyPassword } from '../../access/passwords.ts';
import { ApiError } from '../../middleware/errors.ts';
import { deleteSession, findUser } from '../../../db/queries/auth.ts';
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from '../../../db/queries/auth-attempts.ts';
import type { RouteHandler } from '../declare.ts';
import { loginRoute, type logoutRoute, type meRoute } from './auth.routes.ts';
import { currentAccount, loginLimit, startSession } from './auth-session.ts';

// Hashing once at start-up keeps the first unknown-user login as slow as a wrong password.
void hashPassword('warm-up');

/**
 * Signs in. The rate limit is checked before the password, so a locked-out guesser learns nothing;
 * every failure is audited with its reason.
 */
export const login =
  (deps: AppDeps): RouteHandler<typeof loginRoute> =>
  async (c) => {
    // Login CSRF: a cross-site form cannot send application/json without a CORS preflight.
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'login expects Content-Type: application/json');
    }
    const { username, password } = await readJson(c, loginRoute.body);
    const db = deps.database.db;
    const ip = clientIp(c, deps.env.TRUST_PROXY);
    const keys = [`user:${username}|${ip}`, `ip:${ip}`];
    const limits = [
      { key: keys[0]!, max: loginLimit.perAccount },
      { key: keys[1]!, max: loginLimit.perIp },
    ];
    const retryAfter = await loginRetryAfter(db, limits, loginLimit.windowMinutes);
    if (retryAfter > 0) {
      await audit(c, deps, { action: 'login_failed', username, success: false, detail: { reason: 'rate_limited' } });
      c.header('Retry-After', String(retryAfter));
      throw new ApiError(429, 'too_many_attempts', `too many failed logins; retry in ${retryAfter} s`);
    }
    const user = await findUser(db, { username });
    const valid = (await verifyPassword(user?.passwordHash, password)) && !user!.disabled;
    if (!valid || !user) {
      await recordLoginFailure(db, keys, loginLimit.windowMinutes);
      const reason = !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password';
      await audit(c, deps, { action: 'login_failed', username, userId: user?.id ?? null, success: false, detail: { reason } });
      throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
    }
    await clearLoginFailures(db, [keys[0]!]);
    await startSession(deps, c, user, ip);
    await audit(c, deps, { action: 'login', target: `user:${user.username}` });
    return c.json(await currentAccount(deps, c));
  };

/** Signs out: deletes the cookie session (a token caller has none) and clears the cookie. */
export const logout =
  (deps: AppDeps): RouteHandler<typeof logoutRoute> =>
  async (c) => {
    if (c.get('credential') === 'session') await deleteSession(deps.database.db, c.get('session').id);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.body(null, 204);
  };

/** The caller's account, CSRF token and session expiry. */
export const showMe =
  (deps: AppDeps): RouteHandler<typeof meRoute> =>
  async (c) =>
    c.json(await currentAccount(deps, c));
