import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { sessionCookie } from '../../server/access/principal.ts';
import { sha256Hex } from '../../server/access/tokens.ts';
import { meResponseSchema } from '../../core/contracts/auth.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
let planner: TestAccount;

beforeAll(async () => {
  planner = await createAccount(database, { role: 'planner' }, 'auth');
});
afterAll(async () => {
  await removeAccounts(database, [planner]);
  await database.close();
});

const me = (headers: Record<string, string> = {}) => app.request('/api/auth/me', { headers });

describe('password login and sessions', () => {
  it('sets an HttpOnly SameSite=Lax cookie whose value the database never stores', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.0.1' },
      body: JSON.stringify({ username: planner.username.toUpperCase(), password: testPassword }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const value = new RegExp(`${sessionCookie}=([^;]+)`).exec(cookie)![1]!;
    const body = meResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ authenticated: true, role: 'planner', account: { username: planner.username } });
    const stored = await database.pool.query('SELECT id FROM sessions WHERE user_id = $1', [planner.id]);
    expect(stored.rows.map((row) => row.id)).toContain(sha256Hex(value));
    expect(stored.rows.map((row) => row.id)).not.toContain(value);
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.0.2', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: planner.username, password: testPassword }),
    });
    expect(res.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('answers me for a session (with its CSRF token) and for the public', async () => {
    const session = await login(app, planner.username);
    const body = meResponseSchema.parse(await (await me({ cookie: session.cookie })).json());
    expect(body.csrfToken).toBe(session.csrfToken);
    expect(body.account?.role).toBe('planner');
    const anonymous = meResponseSchema.parse(await (await me()).json());
    expect(anonymous).toEqual({ authenticated: false, role: 'public', account: null, csrfToken: null, expiresAt: null });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const username of [planner.username, 'nobody-here']) {
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.0.3' },
        body: JSON.stringify({ username, password: 'wrong-password' }),
      });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('invalid_credentials');
    }
    await database.pool.query(`DELETE FROM login_attempts WHERE key LIKE '%10.1.0.3'`);
  });

  it('answers malformed bodies with 400 naming the problem', async () => {
    const json = { 'content-type': 'application/json' };
    const bad = await app.request('/api/auth/login', { method: 'POST', headers: json, body: 'not json' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_json');
    // a cross-site form (text/plain, urlencoded) cannot log a victim into another account
    const form = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ username: 'ab', password: 'x' }),
    });
    expect(form.status).toBe(415);
    const missing = await app.request('/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify({ username: 'ab' }) });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.field).toBe('password');
  });

  it('requires the CSRF token for cookie writes, and logout ends the session', async () => {
    const session = await login(app, planner.username);
    const without = await app.request('/api/auth/logout', { method: 'POST', headers: session.headers(false) });
    expect(without.status).toBe(403);
    expect((await without.json()).error.code).toBe('csrf_failed');
    const wrong = await app.request('/api/auth/logout', { method: 'POST', headers: { ...session.headers(), 'x-csrf-token': 'nope' } });
    expect(wrong.status).toBe(403);
    const ok = await app.request('/api/auth/logout', { method: 'POST', headers: session.headers(true) });
    expect(ok.status).toBe(204);
    const after = await me({ cookie: session.cookie });
    expect(after.status).toBe(401);
    expect((await after.json()).error.code).toBe('session_expired');
    expect(after.headers.get('set-cookie')).toMatch(new RegExp(`${sessionCookie}=;.*Max-Age=0`));
  });

  it('treats an expired session as bad credentials (401), not as the public', async () => {
    const session = await login(app, planner.username);
    await database.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [planner.id]);
    const res = await me({ cookie: session.cookie });
    expect(res.status).toBe(401);
    // a stale cookie does not block logging in again
    const again = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/json', 'x-forwarded-for': '10.1.0.4' },
      body: JSON.stringify({ username: planner.username, password: testPassword }),
    });
    expect(again.status).toBe(200);
  });

  it('expires sessions after SESSION_TTL_HOURS', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.1.0.5' },
      body: JSON.stringify({ username: planner.username, password: testPassword }),
    });
    const { expiresAt } = meResponseSchema.parse(await res.json());
    const hours = (Date.parse(expiresAt!) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=43200/);
  });
});

describe('API tokens', () => {
  it('authenticate machine clients without CSRF', async () => {
    const body = meResponseSchema.parse(await (await me(planner.bearer)).json());
    expect(body).toMatchObject({ authenticated: true, role: 'planner', csrfToken: null });
    const logout = await app.request('/api/auth/logout', { method: 'POST', headers: planner.bearer });
    expect(logout.status).toBe(204);
  });

  it('refuse unknown tokens and malformed Authorization headers with 401', async () => {
    const unknown = await me({ authorization: 'Bearer pgt_unknown' });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe('invalid_token');
    const malformed = await me({ authorization: 'Basic dXNlcjpwYXNz' });
    expect(malformed.status).toBe(401);
    expect((await malformed.json()).error.code).toBe('invalid_authorization');
  });
});

describe('security headers', () => {
  it('sends a CSP that allows own assets, blob: workers and data: images', async () => {
    const res = await app.request('/api/health');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
