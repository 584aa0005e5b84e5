import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone, signedIn } from '../../../core/access/roles.ts';
import { readJson } from '../../access/body.ts';
import { audit } from '../../access/audit.ts';
import { sessionCookie } from '../../access/principal.ts';
import { clientIp, isHttps } from '../../access/request-info.ts';
import { hashPassword, verifyPassword } from '../../access/passwords.ts';
import { randomToken, sha256Hex } from '../../access/tokens.ts';
import { ApiError } from '../../middleware/errors.ts';
import { loginRequestSchema, type MeResponse } from '../../../core/contracts/auth.ts';
import { createSession, deleteSession, findSession, findUser } from '../../../db/queries/auth.ts';
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from '../../../db/queries/auth-attempts.ts';

/** Failed logins per username+ip, and per ip across usernames, allowed inside one window. */
export const loginLimit = { perAccount: 5, perIp: 30, windowMinutes: 15 };

// Hashing once at start-up keeps the first unknown-user login as slow as a wrong password.
void hashPassword('warm-up');

/** `/api/auth/login`, `/api/auth/logout`, `/api/auth/me`. */
export const authRoutes = (deps: AppDeps) => {
  const { database, env } = deps;
  const db = database.db;

  async function me(c: Context<AppEnv>): Promise<MeResponse> {
    const principal = c.get('principal');
    if (principal.role === 'public' || !principal.userId) {
      return { authenticated: false, role: 'public', account: null, csrfToken: null, expiresAt: null };
    }
    const user = await findUser(db, { id: principal.userId });
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

  return new Hono<AppEnv>()
    .post('/auth/login', access({ roles: everyone }), async (c) => {
      // Login CSRF: a cross-site form cannot send application/json without a CORS preflight.
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        throw new ApiError(415, 'unsupported_media_type', 'login expects Content-Type: application/json');
      }
      const { username, password } = await readJson(c, loginRequestSchema);
      const ip = clientIp(c, env.TRUST_PROXY);
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
      const cookie = randomToken();
      const ttlSeconds = Math.round(env.SESSION_TTL_HOURS * 3600);
      const id = sha256Hex(cookie);
      await createSession(db, {
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
      await audit(c, deps, { action: 'login', target: `user:${user.username}` });
      return c.json(await me(c));
    })
    .post('/auth/logout', access({ roles: signedIn }), async (c) => {
      if (c.get('credential') === 'session') await deleteSession(db, c.get('session').id);
      deleteCookie(c, sessionCookie, { path: '/' });
      return c.body(null, 204);
    })
    .get('/auth/me', access({ roles: everyone }), async (c) => c.json(await me(c)));
};
