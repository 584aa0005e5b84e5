import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { principalCacheFor } from '../../server/access/principal-cache.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, type TestAccount } from '../support/accounts.ts';

// Two app instances sharing one database, as two server processes do: each has its own connections and
// its own principal cache; only the database (and its NOTIFY) connects them. A revoke, logout, disable
// or role change made through one must refuse or change the very next request on the other.
const first = connectTestDatabase();
const second = connectTestDatabase();
const env = testEnv({ TRUST_PROXY: 'true' });
const appA = createApp({ database: first, env });
const appB = createApp({ database: second, env });
const postgis = second.mode === 'postgis';
let admin: TestAccount;
const accounts: TestAccount[] = [];

beforeAll(async () => {
  admin = await createAccount(first, { role: 'admin' }, 'pcache');
});
afterAll(async () => {
  await removeAccounts(first, [admin, ...accounts]);
  principalCacheFor(first).close();
  principalCacheFor(second).close();
  await Promise.all([first.close(), second.close()]);
});

const me = async (headers: Record<string, string>) => {
  const res = await appB.request('/api/auth/me', { headers });
  return { status: res.status, body: (await res.json()) as { role?: string } };
};

/** Uses the credential on B until B answers it from its cache (PostGIS: the cache is on once NOTIFY delivery is proven). */
async function cachedOnB(headers: Record<string, string>) {
  const cache = principalCacheFor(second);
  for (let i = 0; i < 100; i++) {
    const hits = cache.stats.hits;
    expect((await me(headers)).status).toBe(200);
    if (!postgis || cache.stats.hits > hits) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the principal cache of instance B never answered');
}

async function account(role: 'commander' | 'planner') {
  const created = await createAccount(first, { role }, 'pcache');
  accounts.push(created);
  return created;
}

describe('principal cache across two app instances', () => {
  it('is on for PostGIS only, and serves repeated credentials without a lookup', async () => {
    const planner = await account('planner');
    await cachedOnB(planner.bearer);
    expect(principalCacheFor(second).active).toBe(postgis);
  });

  it('refuses a token on B at once after A revoked it', async () => {
    const planner = await account('planner');
    await cachedOnB(planner.bearer);
    const { rows } = await first.pool.query<{ id: number }>('SELECT id FROM api_tokens WHERE user_id = $1', [planner.id]);
    const revoked = await appA.request(`/api/admin/tokens/${rows[0]!.id}`, { method: 'DELETE', headers: admin.bearer });
    expect(revoked.status).toBe(204);
    expect((await me(planner.bearer)).status).toBe(401);
  });

  it('refuses a session on B at once after it logged out on A', async () => {
    const planner = await account('planner');
    const session = await login(appA, planner.username, undefined, '10.88.0.1');
    await cachedOnB({ cookie: session.cookie });
    const out = await appA.request('/api/auth/logout', { method: 'POST', headers: session.headers(true) });
    expect(out.status).toBeLessThan(300);
    expect((await me({ cookie: session.cookie })).status).toBe(401);
  });

  it('refuses token and session on B at once after A disabled the account', async () => {
    const commander = await account('commander');
    const session = await login(appA, commander.username, undefined, '10.88.0.2');
    await cachedOnB(commander.bearer);
    await cachedOnB({ cookie: session.cookie });
    const disabled = await appA.request(`/api/admin/users/${commander.id}`, {
      method: 'PATCH',
      headers: { ...admin.bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(disabled.status).toBe(200);
    expect((await me(commander.bearer)).status).toBe(401);
    expect((await me({ cookie: session.cookie })).status).toBe(401);
  });

  it('gives B the new role at once after a change made in the database (any writer, not only the app)', async () => {
    const commander = await account('commander');
    await cachedOnB(commander.bearer);
    expect((await appB.request('/api/incidents', { headers: commander.bearer })).status).toBe(200);
    await first.pool.query(`UPDATE users SET role = 'planner' WHERE id = $1`, [commander.id]);
    // the incident list is staff only: the principal B acts for must now be the planner
    expect((await appB.request('/api/incidents', { headers: commander.bearer })).status).toBe(403);
  });
});
