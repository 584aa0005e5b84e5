/**
 * #13 items 4, 5 (audit side) and 8c: bounded growth of the audit log under anonymous floods, rows
 * that cannot be lost to their content, and the query of a personal-data read on record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { appendAudit } from '../../db/queries/audit.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { A, incidentOf, insertAccessFixture, removeAccessFixture } from '../support/access-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
const accounts: Record<string, TestAccount> = {};
const count = async (sql: string, values: unknown[] = []) => (await database.pool.query<{ n: number }>(sql, values)).rows[0]!.n;

beforeAll(async () => {
  await insertAccessFixture(database);
  accounts.commander = await createAccount(database, { role: 'commander', scopeCode: A.district }, 'haudit');
});
afterAll(async () => {
  await removeAccounts(database, Object.values(accounts));
  await removeAccessFixture(database);
  await database.close();
});

describe('anonymous floods', () => {
  it('2,000 anonymous POSTs (401s and unknown routes, long paths) add a bounded number of rows', async () => {
    const ip = '10.13.20.1';
    const auditBefore = await count('SELECT count(*)::int AS n FROM audit_log');
    const refusedBefore = await count(`SELECT count(*)::int AS n FROM audit_refused WHERE ip = $1`, [ip]);
    const long = 'a'.repeat(3000);
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const n = batch * 100 + i;
          const path = n % 2 ? '/api/incidents' : `/api/no-such-route-${n}/${long}`;
          return app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: '{}' });
        }),
      );
    }
    expect(await count('SELECT count(*)::int AS n FROM audit_log')).toBe(auditBefore);
    // one row per minute × route pattern × status: two routes, at most a minute boundary crossed
    const rows = (await count(`SELECT count(*)::int AS n FROM audit_refused WHERE ip = $1`, [ip])) - refusedBefore;
    expect(rows).toBeGreaterThanOrEqual(2);
    expect(rows).toBeLessThanOrEqual(4);
    expect(await count(`SELECT sum(count)::int AS n FROM audit_refused WHERE ip = $1`, [ip])).toBe(2000);
    const longest = await count(`SELECT max(length(sample_path))::int AS n FROM audit_refused WHERE ip = $1`, [ip]);
    expect(longest).toBeLessThanOrEqual(300);
    const routes = await database.pool.query(`SELECT DISTINCT route, status FROM audit_refused WHERE ip = $1 ORDER BY route`, [ip]);
    expect(routes.rows).toEqual([
      { route: '(no route)', status: 404 },
      { route: '/api/incidents', status: 401 },
    ]);
  });

  it('still writes a row for every authenticated refused write', async () => {
    const before = await count(`SELECT count(*)::int AS n FROM audit_log WHERE username = $1`, [accounts.commander!.username]);
    const res = await app.request('/api/admin/users', {
      method: 'POST',
      headers: { ...accounts.commander!.bearer, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE username = $1`, [accounts.commander!.username])).toBe(before + 1);
  });
});

describe('audit rows cannot be lost to their content', () => {
  it('stores a row whose text and detail hold U+0000 (replaced), and refuses such a reveal reason with 400 naming it, on record', async () => {
    const requestId = `nul-${Date.now()}`;
    await appendAudit(database, { action: 'test_nul', target: 'a\u0000b', reason: 'r\u0000', detail: { note: 'x\u0000y' }, requestId });
    const { rows } = await database.pool.query(`SELECT target, reason, detail FROM audit_log WHERE request_id = $1`, [requestId]);
    expect(rows).toEqual([{ target: 'a\ufffdb', reason: 'r\ufffd', detail: { note: 'x\ufffdy' } }]);

    const res = await app.request('/api/personal/reveal', {
      method: 'POST',
      headers: { ...accounts.commander!.bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'incident', code: incidentOf('a1'), reason: '回访\u0000当事人' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'invalid_characters', field: 'reason' });
    const row = await database.pool.query(
      `SELECT action, success, detail FROM audit_log WHERE username = $1 AND target = '/api/personal/reveal' ORDER BY id DESC LIMIT 1`,
      [accounts.commander!.username],
    );
    expect(row.rows[0]).toMatchObject({ action: 'write', success: false, detail: { status: 400 } });
  });
});

describe('personal-data reads', () => {
  it("record the query (capped), so an export's filters are on record", async () => {
    const res = await app.request(`/api/exports/incidents?format=csv&area=${A.district}&category=dispute&status=reported`, {
      headers: accounts.commander!.bearer,
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const { rows } = await database.pool.query(
      `SELECT target, detail FROM audit_log WHERE username = $1 AND action = 'read_personal' ORDER BY id DESC LIMIT 1`,
      [accounts.commander!.username],
    );
    expect(rows[0]).toMatchObject({ target: '/api/exports/incidents', detail: { query: `format=csv&area=${A.district}&category=dispute&status=reported` } });
    const long = await app.request(`/api/incidents?category=dispute&x=${'q'.repeat(3000)}`, { headers: accounts.commander!.bearer });
    expect(long.status).toBeLessThan(500);
    const capped = await database.pool.query(
      `SELECT length(detail->>'query')::int AS n FROM audit_log WHERE username = $1 AND action = 'read_personal' ORDER BY id DESC LIMIT 1`,
      [accounts.commander!.username],
    );
    expect(capped.rows[0].n).toBeLessThanOrEqual(1000);
  });
});
