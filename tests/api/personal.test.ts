import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { A, clearValues, incidentOf, insertAccessFixture, removeAccessFixture, workers } from '../support/access-fixture.ts';
import { auditPageSchema } from '../../core/contracts/auth-audit.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true' }) });
const accounts: Record<string, TestAccount> = {};

beforeAll(async () => {
  await insertAccessFixture(database);
  accounts.admin = await createAccount(database, { role: 'admin' }, 'reveal');
  accounts.commanderA = await createAccount(database, { role: 'commander', scopeCode: A.district }, 'reveal');
  accounts.workerA1 = await createAccount(database, { role: 'grid_worker', scopeCode: A.community1, workerCode: workers.a1 }, 'reveal');
  accounts.planner = await createAccount(database, { role: 'planner' }, 'reveal');
});
afterAll(async () => {
  await removeAccounts(database, Object.values(accounts));
  await removeAccessFixture(database);
  await database.close();
});

const reveal = (headers: Record<string, string>, body: unknown) =>
  app.request('/api/personal/reveal', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/personal/reveal', () => {
  it("returns the clear values inside the caller's area and audits the reason", async () => {
    const res = await reveal(accounts.commanderA!.bearer, { kind: 'incident', code: incidentOf('a1'), reason: '回访当事人' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      kind: 'incident',
      code: incidentOf('a1'),
      values: { reporterName: clearValues.names[0], reporterPhone: clearValues.phones[0] },
    });
    const page = auditPageSchema.parse(
      await (await app.request(`/api/audit?action=reveal&username=${accounts.commanderA!.username}`, { headers: accounts.admin!.bearer })).json(),
    );
    expect(page.items[0]).toMatchObject({
      target: `incident:${incidentOf('a1')}`,
      reason: '回访当事人',
      success: true,
      detail: { fields: ['reporterName', 'reporterPhone'] },
    });
  });

  it('answers 404 outside the area, exactly like a missing record, and audits the attempt', async () => {
    const outside = await reveal(accounts.commanderA!.bearer, { kind: 'incident', code: incidentOf('b1'), reason: 'probe' });
    const missing = await reveal(accounts.commanderA!.bearer, { kind: 'incident', code: 'AX-INC-NONE', reason: 'probe' });
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect((await outside.json()).error.code).toBe((await missing.json()).error.code);
    const page = auditPageSchema.parse(
      await (await app.request(`/api/audit?action=reveal&success=false&username=${accounts.commanderA!.username}`, { headers: accounts.admin!.bearer })).json(),
    );
    expect(page.items.map((row) => row.target)).toContain(`incident:${incidentOf('b1')}`);
  });

  it('lets a grid worker reveal in their community and own grids only', async () => {
    const headers = accounts.workerA1!.bearer;
    expect((await reveal(headers, { kind: 'incident', code: incidentOf('a1'), reason: '上门核实' })).status).toBe(200);
    expect((await reveal(headers, { kind: 'incident', code: incidentOf('a2b'), reason: '上门核实' })).status).toBe(200);
    expect((await reveal(headers, { kind: 'incident', code: incidentOf('a2'), reason: '上门核实' })).status).toBe(404);
    expect((await reveal(headers, { kind: 'grid_worker', code: workers.a1, reason: '核对身份' })).status).toBe(200);
    expect((await reveal(headers, { kind: 'grid_worker', code: workers.b1, reason: '核对身份' })).status).toBe(404);
    expect((await reveal(headers, { kind: 'volunteer', code: 'AX-V-A1', reason: '联系志愿者' })).status).toBe(200);
    expect((await reveal(headers, { kind: 'volunteer', code: 'AX-V-B1', reason: '联系志愿者' })).status).toBe(404);
  });

  it("gives a worker's ID number to the admin in clear only through reveal", async () => {
    const res = await reveal(accounts.admin!.bearer, { kind: 'grid_worker', code: workers.b1, reason: '资格审核' });
    expect((await res.json()).values).toEqual({ name: clearValues.names[2], phone: clearValues.phones[2], idNumber: clearValues.idNumbers[2] });
  });

  it('needs a reason, a known kind, and a role that may see personal data', async () => {
    const noReason = await reveal(accounts.admin!.bearer, { kind: 'incident', code: incidentOf('a1') });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).error.field).toBe('reason');
    const badKind = await reveal(accounts.admin!.bearer, { kind: 'resident', code: 'x', reason: 'why not' });
    expect((await badKind.json()).error.field).toBe('kind');
    expect((await reveal(accounts.planner!.bearer, { kind: 'incident', code: incidentOf('a1'), reason: '规划' })).status).toBe(403);
    expect((await reveal({}, { kind: 'incident', code: incidentOf('a1'), reason: '好奇' })).status).toBe(401);
  });

  it('needs the CSRF token when called with a session cookie', async () => {
    const session = await login(app, accounts.commanderA!.username, undefined, '10.3.0.1');
    const body = { kind: 'incident', code: incidentOf('a1'), reason: '回访' };
    const without = await app.request('/api/personal/reveal', { method: 'POST', headers: session.headers(false), body: JSON.stringify(body) });
    expect(without.status).toBe(403);
    const withToken = await app.request('/api/personal/reveal', { method: 'POST', headers: session.headers(true), body: JSON.stringify(body) });
    expect(withToken.status).toBe(200);
  });
});
