import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { login } from '../support/accounts.ts';
import { A, insertAccessFixture, removeAccessFixture } from '../support/access-fixture.ts';
import { seedDemoAccounts } from '../../server/access/demo-accounts.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
const demoUsernames = ['demo-admin', 'demo-commander', 'demo-district', 'demo-planner', 'demo-worker'];
let existing: string[] = [];
const created: string[] = [];

const demoUsers = async () =>
  (await database.pool.query(`SELECT username, role, scope_code, worker_code, demo FROM users WHERE username LIKE 'demo-%' ORDER BY username`)).rows;

beforeAll(async () => {
  await insertAccessFixture(database);
  existing = (await demoUsers()).map((row) => row.username);
});
afterAll(async () => {
  // only what this test created: a run that seeded the demo city may keep its own demo accounts
  await database.pool.query(`DELETE FROM users WHERE username = ANY($1)`, [created]);
  await database.pool.query(`DELETE FROM grid_cells WHERE code = '98010000100199'`);
  await removeAccessFixture(database);
  await database.close();
});

describe('demo accounts', () => {
  it('are not created on a database with real (non-synthetic) grids', async () => {
    await database.pool.query(
      `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
       SELECT '98010000100199', '真实网格', '2023', false, 'test', code, 'general', geom FROM communities WHERE code = $1`,
      [A.community1],
    );
    expect(await seedDemoAccounts(database)).toEqual([]);
    expect((await demoUsers()).map((row) => row.username)).toEqual(existing);
    await database.pool.query(`DELETE FROM grid_cells WHERE code = '98010000100199'`);
  });

  it('creates one account per role on a demo database, once, with the documented passwords', async () => {
    const first = await seedDemoAccounts(database);
    created.push(...first);
    expect([...existing, ...first].sort()).toEqual(demoUsernames);
    expect(await seedDemoAccounts(database)).toEqual([]);
    const rows = await demoUsers();
    expect(rows.map((row) => [row.username, row.role, row.demo])).toEqual([
      ['demo-admin', 'admin', true],
      ['demo-commander', 'commander', true],
      ['demo-district', 'commander', true],
      ['demo-planner', 'planner', true],
      ['demo-worker', 'grid_worker', true],
    ]);
    const district = rows.find((row) => row.username === 'demo-district')!;
    expect(district.scope_code).toMatch(/^[0-9]{6}$/);
    const worker = rows.find((row) => row.username === 'demo-worker')!;
    const grids = await database.pool.query(`SELECT parent_code FROM grid_cells WHERE worker_code = $1`, [worker.worker_code]);
    expect(grids.rows.length).toBeGreaterThan(0);
    expect(worker.scope_code).toMatch(/^[0-9]{12}$/);
    for (const username of demoUsernames) {
      const session = await login(app, username, `pingan-${username}`, '10.5.0.1');
      const me = (await (await app.request('/api/auth/me', { headers: session.headers() })).json()) as {
        authenticated: boolean;
        account: { username: string } | null;
        csrfToken: string | null;
      };
      expect(me).toMatchObject({ authenticated: true, account: { username }, csrfToken: session.csrfToken });
      expect(session.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
  });
});
