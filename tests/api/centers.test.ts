import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture } from '../support/incident-fixture.ts';
import { incidentDetailSchema, type IncidentDetail } from '../../core/contracts/incidents.ts';
import { centerListSchema, holderKpisSchema, queueSchema } from '../../core/contracts/centers.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const city = `${F.d1.slice(0, 4)}00`; // the fixture districts' parent code: the city center
const dept = '区城管局';
const dept2 = '测试环保局';
let streetCmd: TestAccount, street2Cmd: TestAccount, districtCmd: TestAccount, cityCmd: TestAccount, worker: TestAccount;

beforeAll(async () => {
  await insertIncidentFixture(database);
  await database.pool.query(
    `INSERT INTO departments (code, name, categories, synthetic, source) VALUES ($1, $1, '{environment}', true, 'test') ON CONFLICT (code) DO NOTHING`,
    [dept2],
  );
  streetCmd = await createAccount(database, { role: 'commander', scopeCode: F.s1 }, 'ctr');
  street2Cmd = await createAccount(database, { role: 'commander', scopeCode: F.s2 }, 'ctr');
  districtCmd = await createAccount(database, { role: 'commander', scopeCode: F.d1 }, 'ctr');
  cityCmd = await createAccount(database, { role: 'commander', scopeCode: null }, 'ctr');
  worker = await createAccount(database, { role: 'grid_worker', scopeCode: F.c1, workerCode: 'IF-GW-C1' }, 'ctr');
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await database.pool.query(`DELETE FROM departments WHERE code = $1`, [dept2]);
  await removeAccounts(database, [streetCmd, street2Cmd, districtCmd, cityCmd, worker]);
  await database.close();
});

const json = (who: TestAccount) => ({ ...who.bearer, 'content-type': 'application/json' });
const post = (who: TestAccount, path: string, body: unknown) => app.request(path, { method: 'POST', headers: json(who), body: JSON.stringify(body) });
async function ok(who: TestAccount, path: string, body: unknown): Promise<IncidentDetail> {
  const res = await post(who, path, body);
  expect(res.status, await res.clone().text()).toBe(200);
  return incidentDetailSchema.parse(await res.json());
}
const route = (who: TestAccount, id: number, body: unknown) => post(who, `/api/incidents/${id}/routing`, body);
const move = (who: TestAccount, id: number, body: unknown) => ok(who, `/api/incidents/${id}/routing`, body);
const step = (who: TestAccount, id: number, body: unknown) => ok(who, `/api/incidents/${id}/actions`, body);
async function report(): Promise<IncidentDetail> {
  const res = await post(streetCmd, '/api/incidents', { category: 'environment', location: P.g1 });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: number };
  return incidentDetailSchema.parse(await (await app.request(`/api/incidents/${id}`, { headers: streetCmd.bearer })).json());
}
const center = (code: string) => ({ kind: 'center', code });
const kpis = async (who: TestAccount, code: string, kind = 'center') => {
  const res = await app.request(`/api/centers/${encodeURIComponent(code)}/kpis?kind=${kind}`, { headers: who.bearer });
  expect(res.status, await res.clone().text()).toBe(200);
  return holderKpisSchema.parse(await res.json());
};

describe('cases move between the three levels of centers and departments', () => {
  it('street → district (上报) → department (转办) → back (退回), each move by whoever holds it, closed for the district', async () => {
    const incident = await report();
    expect(incident.holding).toEqual({ owner: center(F.s1), sender: null, assists: [] });
    expect(incident.allowedRouting).toEqual(['hand_up', 'transfer', 'co_handle']);
    const before = await kpis(districtCmd, F.d1);

    // permissions: a grid worker never moves cases, another street does not see it, a reason is required
    expect((await route(worker, incident.id, { action: 'hand_up', reason: 'x' })).status).toBe(403);
    expect((await route(street2Cmd, incident.id, { action: 'hand_up', reason: 'x' })).status).toBe(404);
    const noReason = await route(streetCmd, incident.id, { action: 'hand_up' });
    expect(noReason.status).toBe(400);
    expect(errorResponseSchema.parse(await noReason.json()).error.field).toBe('reason');
    expect((await route(streetCmd, incident.id, { action: 'return', reason: 'x' })).status).toBe(409);

    const up = await move(streetCmd, incident.id, { action: 'hand_up', reason: '涉及两个街道，街道无法协调' });
    expect(up.holding).toEqual({ owner: center(F.d1), sender: center(F.s1), assists: [] });
    expect(up.allowedRouting).toEqual([]); // the street still sees its case, but no longer holds it
    expect((await route(streetCmd, incident.id, { action: 'transfer', to: center(F.s2) })).status).toBe(403);

    const unknown = await route(districtCmd, incident.id, { action: 'transfer', to: { kind: 'department', code: '不存在的局' } });
    expect(unknown.status).toBe(400);
    expect(errorResponseSchema.parse(await unknown.json()).error.field).toBe('to.code');
    const toDept = await move(districtCmd, incident.id, { action: 'transfer', to: { kind: 'department', code: dept }, reason: '属城管职责' });
    expect(toDept.holding).toEqual({ owner: { kind: 'department', code: dept }, sender: center(F.d1), assists: [] });
    // department desks are run from the city center: the district no longer acts, the city does
    expect((await route(districtCmd, incident.id, { action: 'return', reason: 'x' })).status).toBe(403);
    const back = await move(cityCmd, incident.id, { action: 'return', reason: '不属本部门职责，请区中心另行处置' });
    expect(back.holding).toEqual({ owner: center(F.d1), sender: null, assists: [] });
    expect(back.status).toBe('reported'); // moves keep the workflow step

    // the chain is kept in the history, in order, with reasons
    const chain = back.history.filter((e) => ['hand_up', 'transfer', 'return'].includes(e.action));
    expect(chain.map((e) => [e.action, (e.detail as { from: { code: string } }).from.code, (e.detail as { to: { code: string } }).to.code])).toEqual([
      ['hand_up', F.s1, F.d1],
      ['transfer', F.d1, dept],
      ['return', dept, F.d1],
    ]);
    expect(chain[2]!.note).toBe('不属本部门职责，请区中心另行处置');

    // the district's queue holds it, the street's does not
    const queue = async (who: TestAccount, code: string) =>
      queueSchema.parse(await (await app.request(`/api/centers/${code}/queue`, { headers: who.bearer })).json());
    expect((await queue(districtCmd, F.d1)).items.map((i) => i.id)).toContain(incident.id);
    expect((await queue(streetCmd, F.s1)).items.map((i) => i.id)).not.toContain(incident.id);
    expect((await app.request(`/api/centers/${F.d1}/queue`, { headers: streetCmd.bearer })).status).toBe(404); // not the street's desk
    const centersRes = await app.request('/api/centers', { headers: districtCmd.bearer });
    expect(centersRes.status, await centersRes.clone().text()).toBe(200);
    const centers = centerListSchema.parse(await centersRes.json());
    const fixture = centers.items.filter((c) => c.code.startsWith(F.d1.slice(0, 4)));
    expect(fixture.map((c) => [c.code, c.level, c.mine])).toEqual([
      [city, 'city', false],
      [F.d1, 'district', true],
      [F.d2, 'district', false],
      [F.s1, 'street', true],
      [F.s2, 'street', true],
      [F.s3, 'street', false],
    ]);
    expect(fixture[1]!.open).toBeGreaterThanOrEqual(1);
    expect(centers.items.find((c) => c.code === dept)).toMatchObject({ kind: 'department', mine: false });

    // closed by the district: it counts for the district, not for the street where it was reported
    await step(districtCmd, incident.id, { action: 'register' });
    await step(districtCmd, incident.id, { action: 'dispatch', assignee: { kind: 'department', code: dept } });
    await step(districtCmd, incident.id, { action: 'accept' });
    await step(districtCmd, incident.id, { action: 'report_back', note: '已处置' });
    await step(districtCmd, incident.id, { action: 'verify' });
    const closed = await step(districtCmd, incident.id, { action: 'pass' });
    expect(closed.allowedRouting).toEqual([]);
    const after = await kpis(districtCmd, F.d1);
    expect(after.closed - before.closed).toBe(1);
    expect(after.received - before.received).toBe(1); // the hand-up (a return is counted apart)
    expect(after.returnedHere - before.returnedHere).toBe(1);
    const streetKpis = await kpis(streetCmd, F.s1);
    expect(streetKpis).toMatchObject({ closed: 0, handedUp: 1 });
    expect(await kpis(cityCmd, dept, 'department')).toMatchObject({ received: 1, returned: 1, closed: 0 });
    const closedQueue = queueSchema.parse(await (await app.request(`/api/centers/${F.d1}/queue?state=closed`, { headers: districtCmd.bearer })).json());
    expect(closedQueue.items.map((i) => i.id)).toContain(incident.id);

    // every move and the dispatch left a notice for its new holder, in the same statement as the move
    const notices = await database.pool.query(`SELECT kind, recipient_code FROM notifications WHERE incident_id = $1 ORDER BY id`, [incident.id]);
    expect(notices.rows).toEqual([
      { kind: 'handed_up', recipient_code: F.d1 },
      { kind: 'transferred', recipient_code: dept },
      { kind: 'returned', recipient_code: F.d1 },
      { kind: 'dispatched', recipient_code: dept },
    ]);
  });

  it('协办: a lead department holds the case, the others are listed; another street receives a transfer it can see', async () => {
    const incident = await report();
    const bad = await route(cityCmd, incident.id, { action: 'co_handle', departments: [dept, '不存在的局'], lead: dept });
    expect(bad.status).toBe(400);
    const co = await move(cityCmd, incident.id, { action: 'co_handle', departments: [dept, dept2], lead: dept });
    expect(co.holding).toEqual({ owner: { kind: 'department', code: dept }, sender: center(F.s1), assists: [dept2] });
    const back = await move(cityCmd, incident.id, { action: 'return', reason: '请街道先行核实' });
    expect(back.holding).toEqual({ owner: center(F.s1), sender: null, assists: [] });

    // sideways: street 1 → street 2; street 2 now sees a case outside its area because it holds it
    expect((await app.request(`/api/incidents/${incident.id}`, { headers: street2Cmd.bearer })).status).toBe(404);
    await move(streetCmd, incident.id, { action: 'transfer', to: center(F.s2), reason: '位于两街道交界，由二街道处置' });
    const seen = incidentDetailSchema.parse(await (await app.request(`/api/incidents/${incident.id}`, { headers: street2Cmd.bearer })).json());
    expect(seen.holding?.owner).toEqual(center(F.s2));
    expect(seen.allowedRouting).toEqual(['hand_up', 'transfer', 'return', 'co_handle']);
    const up = await move(street2Cmd, incident.id, { action: 'hand_up', reason: '需区级协调' });
    expect(up.holding?.owner).toEqual(center(F.d1));
    // the district hands up to the city; the city center holds it
    const top = await move(districtCmd, incident.id, { action: 'hand_up', reason: '跨区' });
    expect(top.holding).toEqual({ owner: center(city), sender: center(F.d1), assists: [] });
    expect((await route(cityCmd, incident.id, { action: 'hand_up', reason: 'x' })).status).toBe(409);
  });
});
