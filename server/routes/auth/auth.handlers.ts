import { deleteCookie } from 'hono/cookie';
import type { AppDeps } from '../../context.ts';
import { readJson } from '../../access/body.ts';
import { audit, auditRefused } from '../../access/audit.ts';
import { sessionCookie } from '../../access/principal.ts';
import { clientIp } from '../../access/request-info.ts';
import { hashPassword, verifyPassword } from '../../access/passwords.ts';
import { ApiError } from '../../middleware/errors.ts';
import { deleteSession, findUser } from '../../../db/queries/auth.ts';
import { releaseLoginAttempt, reserveLoginAttempt } from '../../../db/queries/auth-attempts.ts';
import type { RouteHandler } from '../declare.ts';
import { loginRoute, type logoutRoute, type meRoute } from './auth.routes.ts';
import { currentAccount, loginLimit, startSession } from './auth-session.ts';

// Hashing once at start-up keeps the first unknown-user login as slow as a wrong password.
void hashPassword('warm-up');

/**
 * Signs in. The attempt is counted before the password is checked (one atomic reservation per limit,
 * see `loginLimit`), so parallel guesses cannot outrun the limit and a locked-out guesser learns
 * nothing; every failure is audited with its reason (a rate-limited flood: the first refusal per
 * window, the rest aggregated, see `auditRefused`).
 */
export const login =
  (deps: AppDeps): RouteHandler<typeof loginRoute> =>
  async (c) => {
    // Login CSRF: a cross-site form cannot send application/json without a CORS preflight.
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ApiError(415, 'unsupported_media_type', 'login expects Content-Type: application/json', 'Content-Type');
    }
    const { username, password } = await readJson(c, loginRoute.body);
    const db = deps.database.db;
    const ip = clientIp(c, deps.env);
    const keys = { pair: `user:${username}|${ip}`, account: `account:${username}`, address: `ip:${ip}` };
    const [pair, account, address] = await reserveLoginAttempt(
      db,
      [
        { key: keys.pair, max: loginLimit.perAccount },
        { key: keys.account, max: loginLimit.perAccountTotal },
        { key: keys.address, max: loginLimit.perIp },
      ],
      loginLimit.windowMinutes,
    );
    // A locked address (many people behind one NAT) only stops accounts that already failed from it.
    const over = [pair!, account!, ...(pair!.attempts > 1 ? [address!] : [])].filter((r) => r.attempts > r.max);
    if (over.length) {
      const retryAfter = Math.max(...over.map((r) => r.retryAfter));
      c.header('Retry-After', String(retryAfter));
      const detail = { reason: 'rate_limited', limit: over[0]!.key.split(':')[0] };
      // the first refusal of each limit in a window is a row of its own; a flood after it only counts (bounded growth)
      if (over.some((r) => r.attempts === r.max + 1)) {
        await audit(c, deps, { action: 'login_failed', username, success: false, detail });
      } else {
        await auditRefused(c, deps, 429);
      }
      throw new ApiError(429, 'too_many_attempts', `too many failed logins; retry in ${retryAfter} s`);
    }
    const user = await findUser(db, { username });
    const valid = (await verifyPassword(user?.passwordHash, password)) && !user!.disabled;
    if (!valid || !user) {
      const reason = !user ? 'unknown_user' : user.disabled ? 'disabled' : 'wrong_password';
      await audit(c, deps, { action: 'login_failed', username, userId: user?.id ?? null, success: false, detail: { reason } });
      throw new ApiError(401, 'invalid_credentials', 'wrong username or password');
    }
    await releaseLoginAttempt(db, { forget: [keys.pair], refund: [keys.account, keys.address] });
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
