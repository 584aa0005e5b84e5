import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';
import { auditPageSchema, type AuditEntryResponse } from '../../core/contracts/auth-audit.ts';
import { loginLimit } from '../../server/routes/auth/auth-session.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
let admin: TestAccount;
let planner: TestAccount;

beforeAll(async () => {
  admin = await createAccount(database, { role: 'admin' }, 'audit');
  planner = await createAccount(database, { role: 'planner' }, 'audit');
});
afterAll(async () => {
  await removeAccounts(database, [admin, planner]);
  await database.pool.query(`DELETE FROM login_attempts WHERE key LIKE '%10.2.%'`);
  await database.close();
});

async function auditRows(query: string): Promise<AuditEntryResponse[]> {
  const res = await app.request(`/api/audit?${query}`, { headers: admin.bearer });
  expect(res.status).toBe(200);
  return auditPageSchema.parse(await res.json()).items;
}

const postLogin = (username: string, password: string, ip: string) =>
  app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ username, password }),
  });

describe('audit trail', () => {
  it('records a login and a failed login with who, where and the request id', async () => {
    await login(app, planner.username, testPassword, '10.2.0.1');
    const failed = await postLogin(planner.username, 'wrong-password', '10.2.0.2');
    expect(failed.status).toBe(401);
    const [ok] = await auditRows(`username=${planner.username}&action=login`);
    expect(ok).toMatchObject({ userId: planner.id, role: 'planner', ip: '10.2.0.1', success: true, target: `user:${planner.username}` });
    const [bad] = await auditRows(`username=${planner.username}&action=login_failed`);
    expect(bad).toMatchObject({ userId: planner.id, ip: '10.2.0.2', success: false, detail: { reason: 'wrong_password' } });
    expect(bad!.requestId).toBe(failed.headers.get('x-request-id'));
  });

  it('records every write, refused ones too, with route and status', async () => {
    const res = await app.request('/api/admin/tokens', {
      method: 'POST',
      headers: { ...admin.bearer, 'content-type': 'application/json', 'x-forwarded-for': '10.2.0.3' },
      body: JSON.stringify({ username: planner.username, name: 'audit-test' }),
    });
    expect(res.status).toBe(201);
    const [write] = await auditRows(`username=${admin.username}&action=write`);
    expect(write).toMatchObject({
      target: '/api/admin/tokens',
      ip: '10.2.0.3',
      success: true,
      requestId: res.headers.get('x-request-id'),
      detail: { method: 'POST', route: '/api/admin/tokens', status: 201 },
    });
    const refused = await app.request('/api/admin/tokens', { method: 'POST', headers: planner.bearer, body: '{}' });
    expect(refused.status).toBe(403);
    const [denied] = await auditRows(`username=${planner.username}&action=write`);
    expect(denied).toMatchObject({ success: false, detail: { status: 403 } });
  });

  it('records reads of personal data by staff, not by roles that get none', async () => {
    const res = await app.request('/api/incidents?limit=1', { headers: { ...admin.bearer, 'x-forwarded-for': '10.2.0.4' } });
    expect(res.status).toBe(200);
    const [read] = await auditRows(`username=${admin.username}&action=read_personal`);
    expect(read).toMatchObject({ target: '/api/incidents', ip: '10.2.0.4', requestId: res.headers.get('x-request-id'), detail: { route: '/api/incidents' } });
    await app.request('/api/health', { headers: planner.bearer });
    expect(await auditRows(`username=${planner.username}&action=read_personal`)).toEqual([]);
  });

  it('pages newest first with a cursor and filters by success', async () => {
    const first = auditPageSchema.parse(await (await app.request(`/api/audit?limit=2`, { headers: admin.bearer })).json());
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.id).toBeGreaterThan(first.items[1]!.id);
    const second = auditPageSchema.parse(await (await app.request(`/api/audit?limit=2&cursor=${first.nextCursor}`, { headers: admin.bearer })).json());
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);
    const failures = await auditRows('success=false&limit=50');
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((row) => row.success === false)).toBe(true);
    const bad = await app.request('/api/audit?limit=0', { headers: admin.bearer });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('limit');
  });

  it('is admin only', async () => {
    expect((await app.request('/api/audit', { headers: planner.bearer })).status).toBe(403);
    expect((await app.request('/api/audit')).status).toBe(401);
  });

  it('is append-only in the database', async () => {
    for (const statement of ['UPDATE audit_log SET reason = NULL', 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
      await expect(database.pool.query(statement)).rejects.toThrow(/append-only/);
    }
  });
});

describe('login rate limit', () => {
  it(`answers 429 with Retry-After after ${loginLimit.perAccount} failures per username and ip`, async () => {
    const ip = '10.2.1.1';
    for (let i = 0; i < loginLimit.perAccount; i++) expect((await postLogin(planner.username, 'wrong-password', ip)).status).toBe(401);
    const blocked = await postLogin(planner.username, testPassword, ip);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(loginLimit.windowMinutes * 60);
    const [row] = await auditRows(`username=${planner.username}&action=login_failed`);
    expect(row).toMatchObject({ ip, detail: { reason: 'rate_limited' } });
    // another ip is not blocked; the counter lives in the database, so every server process sees it
    expect((await postLogin(planner.username, testPassword, '10.2.1.2')).status).toBe(200);
    const other = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
    const fromOther = await other.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify({ username: planner.username, password: testPassword }),
    });
    expect(fromOther.status).toBe(429);
    // once the window has passed, the right password works again
    await database.pool.query(`UPDATE login_attempts SET window_start = now() - interval '16 minutes' WHERE key LIKE $1`, [`%|${ip}`]);
    expect((await postLogin(planner.username, testPassword, ip)).status).toBe(200);
  });
});
