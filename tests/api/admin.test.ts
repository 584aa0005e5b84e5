import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { A, insertAccessFixture, removeAccessFixture, workers } from '../support/access-fixture.ts';
import { tokenCreatedSchema, userSchema } from '../../core/contracts/auth.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
let admin: TestAccount;
const created: { username: string }[] = [];

beforeAll(async () => {
  await insertAccessFixture(database);
  admin = await createAccount(database, { role: 'admin' }, 'admin');
});
afterAll(async () => {
  await removeAccounts(database, [admin, ...created]);
  await removeAccessFixture(database);
  await database.close();
});

const send = (method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: { ...admin.bearer, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

describe('account administration', () => {
  it('creates a scoped grid worker who can then log in', async () => {
    const username = uniqueName('adm-gw');
    created.push({ username });
    const res = await send('POST', '/api/admin/users', {
      username,
      role: 'grid_worker',
      scopeCode: A.community1,
      workerCode: workers.a1,
      password: 'a-long-enough-pw',
    });
    expect(res.status).toBe(201);
    const user = userSchema.parse(await res.json());
    expect(user).toMatchObject({ username, role: 'grid_worker', scopeCode: A.community1, workerCode: workers.a1, disabled: false, demo: false });
    expect(JSON.stringify(user)).not.toMatch(/argon2|password/i);
    const session = await login(app, username, 'a-long-enough-pw', '10.4.0.1');
    const me = (await (await app.request('/api/auth/me', { headers: session.headers() })).json()) as {
      authenticated: boolean;
      account: { username: string } | null;
      csrfToken: string | null;
    };
    expect(me).toMatchObject({ authenticated: true, account: { username }, csrfToken: session.csrfToken });
    expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = (await (await send('GET', '/api/admin/users')).json()) as { items: { username: string }[] };
    expect(list.items.map((u) => u.username)).toContain(username);
  });

  it.each([
    [{ role: 'commander', scopeCode: A.community1 }, 'scopeCode'],
    [{ role: 'planner', scopeCode: A.district }, 'scopeCode'],
    [{ role: 'grid_worker' }, 'scopeCode'],
    [{ role: 'commander', scopeCode: '980300' }, 'scopeCode'],
    [{ role: 'grid_worker', scopeCode: A.community2, workerCode: workers.a1 }, 'scopeCode'],
    [{ role: 'grid_worker', scopeCode: A.community1, workerCode: 'nobody' }, 'workerCode'],
    [{ role: 'superuser' }, 'role'],
    [{ role: 'planner', password: 'short' }, 'password'],
    [{ role: 'planner', username: 'Bad Name!' }, 'username'],
  ])('refuses %j with 400 naming %s', async (fields, field) => {
    const res = await send('POST', '/api/admin/users', { username: uniqueName('adm-bad'), password: 'a-long-enough-pw', ...fields });
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe(field);
  });

  it('refuses a taken username with 409', async () => {
    const res = await send('POST', '/api/admin/users', { username: admin.username, role: 'planner', password: 'a-long-enough-pw' });
    expect(res.status).toBe(409);
  });

  it('disabling an account ends its sessions and tokens at once', async () => {
    const user = await createAccount(database, { role: 'planner' }, 'adm-dis');
    created.push(user);
    const session = await login(app, user.username, undefined, '10.4.0.2');
    const res = await send('PATCH', `/api/admin/users/${user.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect((await app.request('/api/auth/me', { headers: { cookie: session.cookie } })).status).toBe(401);
    expect((await app.request('/api/auth/me', { headers: user.bearer })).status).toBe(401);
    const again = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.4.0.2' },
      body: JSON.stringify({ username: user.username, password: 'test-password-123' }),
    });
    expect(again.status).toBe(401);
    expect((await send('PATCH', `/api/admin/users/${user.id}`, {})).status).toBe(400);
    expect((await send('PATCH', '/api/admin/users/abc', { disabled: false })).status).toBe(400);
    expect((await send('PATCH', '/api/admin/users/2147483000', { disabled: false })).status).toBe(404);
  });

  it('creates an API token shown once, lists it without the secret, and revokes it', async () => {
    const res = await send('POST', '/api/admin/tokens', { username: admin.username, name: 'bridge' });
    expect(res.status).toBe(201);
    const { id, token } = tokenCreatedSchema.parse(await res.json());
    expect(token).toMatch(/^pgt_/);
    const me = await app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { role: string }).role).toBe('admin');
    const listed = await (await send('GET', '/api/admin/tokens')).text();
    expect(listed).toContain('"bridge"');
    expect(listed).not.toContain(token);
    const stored = await database.pool.query('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    expect(stored.rows[0].token_hash).not.toBe(token);
    expect((await send('DELETE', `/api/admin/tokens/${id}`)).status).toBe(204);
    expect((await send('DELETE', `/api/admin/tokens/${id}`)).status).toBe(404);
    expect((await app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await send('POST', '/api/admin/tokens', { username: 'nobody-x', name: 'x' })).status).toBe(400);
  });
});
