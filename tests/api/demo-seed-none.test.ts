import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { prepareDatabase } from '../../server/prepare.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { login } from '../support/accounts.ts';
import { insertAccessFixture, removeAccessFixture } from '../support/access-fixture.ts';

// #20 item 9: a database seeded by `npm run geodata -- demo` and served with DEMO_SEED=none
const env = testEnv({ DEMO_SEED: 'none', TRUST_PROXY: 'true' });
const database = connectTestDatabase();
const app = createApp({ database, env });
let created: string[] = [];
let departments: string[] = [];

beforeAll(async () => {
  await insertAccessFixture(database); // synthetic grids only: the database holds "the demo"
});
afterAll(async () => {
  // only what this test created: a run that seeded the demo city keeps its own demo accounts
  await database.pool.query(`DELETE FROM users WHERE username = ANY($1)`, [created]);
  await database.pool.query(`DELETE FROM departments WHERE code = ANY($1)`, [departments]);
  await removeAccessFixture(database);
  await database.close();
});

describe('start-up with DEMO_SEED=none on a demo database', () => {
  it('creates the missing demo accounts, and every documented demo login works', async () => {
    const first = await prepareDatabase(database, env);
    created = first.accounts;
    departments = first.departments;
    expect(first.demo).toBe(true);
    expect((await prepareDatabase(database, env)).accounts).toEqual([]); // once
    for (const username of ['demo-admin', 'demo-commander', 'demo-district', 'demo-planner', 'demo-worker']) {
      const session = await login(app, username, `pingan-${username}`, '10.6.0.1');
      const me = (await (await app.request('/api/auth/me', { headers: session.headers() })).json()) as { authenticated: boolean };
      expect(me.authenticated, username).toBe(true);
    }
  });

  it('creates none on real data', async () => {
    await database.pool.query(
      `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
       SELECT '98010000100198', '真实网格', '2023', false, 'test', code, 'general', geom FROM communities WHERE code = '980100001001'`,
    );
    try {
      expect(await prepareDatabase(database, env)).toEqual({ demo: false, accounts: [], departments: [] });
    } finally {
      await database.pool.query(`DELETE FROM grid_cells WHERE code = '98010000100198'`);
    }
  });
});
