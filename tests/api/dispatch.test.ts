/**
 * Dispatch by picking (issue #12 item 3) through the API, on both engines: position reports (rate limit,
 * off duty), the candidates of a case (order, masking per role, scope), the on-duty layer (10-minute
 * cut-off), departments (admin-only CRUD) and dispatch to a department through the workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { adminDepartmentSchema, dispatchCandidatesSchema, workersOnDutySchema, type DispatchCandidates } from '../../core/contracts/dispatch.ts';
import { incidentDetailSchema } from '../../core/contracts/incidents.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
// extra workers: W2 in community C1 (no grid of their own), W3 in C3 (district 1), W4 in C4 (district 2)
const W2 = 'DT-GW-C1B',
  W3 = 'DT-GW-C3',
  W4 = 'DT-GW-C4';
const DEPT = 'DT-CG',
  DEPT2 = 'DT-PS';
const accounts: Record<string, TestAccount> = {};

beforeAll(async () => {
  await insertIncidentFixture(database);
  await database.pool.query(`DELETE FROM departments WHERE code LIKE 'DT-%'`);
  await database.pool.query(`INSERT INTO grid_workers (code, name, phone, community_code, synthetic, source) VALUES
    ('${W2}', '王小二', '13900000002', '${F.c1}', true, 'test'), ('${W3}', '李三', '13900000003', '${F.c3}', true, 'test'),
    ('${W4}', '赵四', '13900000004', '${F.c4}', true, 'test')`);
  const specs = {
    commander: { role: 'commander', scopeCode: F.d1 },
    outsider: { role: 'commander', scopeCode: F.d2 },
    admin: { role: 'admin' },
    planner: { role: 'planner' },
    w1: { role: 'grid_worker', scopeCode: F.c1, workerCode: workerC1 },
    w2: { role: 'grid_worker', scopeCode: F.c1, workerCode: W2 },
    w3: { role: 'grid_worker', scopeCode: F.c3, workerCode: W3 },
    w4: { role: 'grid_worker', scopeCode: F.c4, workerCode: W4 },
    unlinked: { role: 'grid_worker', scopeCode: F.c1 },
  } as const;
  for (const [name, spec] of Object.entries(specs)) accounts[name] = await createAccount(database, spec, 'dt');
});
afterAll(async () => {
  await database.pool.query(`DELETE FROM departments WHERE code LIKE 'DT-%'`);
  await removeIncidentFixture(database);
  await removeAccounts(database, Object.values(accounts));
  await database.close();
});

const headers = (who: TestAccount) => ({ ...who.bearer, 'content-type': 'application/json' });
const call = (who: TestAccount | null, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: who ? headers(who) : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const position = (who: TestAccount, at: { lon: number; lat: number }, accuracy = 15) => call(who, 'POST', '/api/field/position', { ...at, accuracy });
const backdate = (code: string, seconds: number) =>
  database.pool.query(`UPDATE worker_on_duty SET at = now() - make_interval(secs => $2) WHERE worker_code = $1`, [code, seconds]);
async function report(category = 'environment', at = P.g1) {
  const res = await call(accounts.commander!, 'POST', '/api/incidents', { category, location: at });
  expect(res.status, await res.clone().text()).toBe(201);
  const id = incidentDetailSchema.parse(await res.json()).id;
  expect((await call(accounts.commander!, 'POST', `/api/incidents/${id}/actions`, { action: 'register' })).status).toBe(200);
  return id;
}
const dispatch = (id: number, assignee: { kind: string; code: string }) =>
  call(accounts.commander!, 'POST', `/api/incidents/${id}/actions`, { action: 'dispatch', assignee });
async function candidates(who: TestAccount, id: number): Promise<DispatchCandidates> {
  const res = await call(who, 'GET', `/api/incidents/${id}/dispatch-candidates`);
  expect(res.status, await res.clone().text()).toBe(200);
  return dispatchCandidatesSchema.parse(await res.json());
}
async function layer(who: TestAccount) {
  const res = await call(who, 'GET', '/api/layers/workers-on-duty');
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/geo+json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  return workersOnDutySchema.parse(await res.json()).features;
}

describe('position reports', () => {
  it('stores a worker’s own position, refuses a second within 25 s with 429 and takes one after', async () => {
    expect((await position(accounts.w2!, P.g1)).status).toBe(204);
    const again = await position(accounts.w2!, P.g1);
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('25');
    expect(errorResponseSchema.parse(await again.json()).error.code).toBe('too_frequent');
    await backdate(W2, 26);
    expect((await position(accounts.w2!, P.g1)).status).toBe(204);
    const stored = await database.pool.query(`SELECT count(*)::int AS n FROM worker_positions WHERE worker_code = $1`, [W2]);
    expect(stored.rows[0].n).toBe(2); // the refused report stored nothing
  });

  it('names the field of bad input and refuses other roles and unlinked accounts', async () => {
    const bad = await call(accounts.w1!, 'POST', '/api/field/position', { lon: 200, lat: 41 });
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(await bad.json()).error.field).toBe('lon');
    expect((await call(accounts.w1!, 'POST', '/api/field/position', { lon: 126, lat: 41, accuracy: -1 })).status).toBe(400);
    expect((await position(accounts.commander!, P.g1)).status).toBe(403);
    expect((await position(accounts.admin!, P.g1)).status).toBe(403);
    expect((await call(null, 'POST', '/api/field/position', P.g1)).status).toBe(401);
    expect((await position(accounts.unlinked!, P.g1)).status).toBe(403);
  });
});

describe('dispatch candidates and the on-duty layer', () => {
  let caseId: number;
  beforeAll(async () => {
    // W2 stands on the case but has three open cases; workerC1 ~1.1 km away, free; W3 ~2.2 km away, free
    for (let i = 0; i < 3; i++) expect((await dispatch(await report('environment', P.g3), { kind: 'grid_worker', code: W2 })).status).toBe(200);
    expect((await position(accounts.w1!, P.g2)).status).toBe(204);
    expect((await position(accounts.w3!, P.g4)).status).toBe(204);
    expect((await position(accounts.w4!, P.g5)).status).toBe(204);
    caseId = await report('environment', P.g1);
  });

  it('offers the grid’s worker first, then on-duty workers by distance + 500 m per open case, names masked', async () => {
    const answer = await candidates(accounts.commander!, caseId);
    expect(answer.gridWorker).toMatchObject({ code: workerC1, name: '测*', openLoad: 0, gridCode: F.g1 });
    expect(answer.gridWorker!.distanceM).toBeGreaterThan(1000);
    expect(answer.gridWorker!.distanceM).toBeLessThan(1200);
    // 1,110 m + 0 < 0 m + 3 × 500 < ~2,170 m + 0; W4 is in the other district
    expect(answer.workers.map((w) => w.code)).toEqual([workerC1, W2, W3]);
    expect(answer.workers[1]).toMatchObject({ name: '王*', openLoad: 3, distanceM: 0, gridCode: null });
    expect(answer.workers.every((w) => w.lastSeenAt && Date.now() - Date.parse(w.lastSeenAt) < 60_000)).toBe(true);
    const text = JSON.stringify(answer);
    for (const clear of ['测试网格员', '王小二', '李三', '1390000000']) expect(text).not.toContain(clear);
    // the admin sees the whole city, masked too
    const admin = await candidates(accounts.admin!, caseId);
    expect(admin.workers.map((w) => w.code)).toEqual([workerC1, W2, W3, W4]);
    expect(admin.workers.map((w) => w.name)).toEqual(['测*', '王*', '李*', '赵*']);
  });

  it('is for commanders and admins in scope only', async () => {
    expect((await call(accounts.outsider!, 'GET', `/api/incidents/${caseId}/dispatch-candidates`)).status).toBe(404);
    expect((await call(accounts.commander!, 'GET', '/api/incidents/2147483000/dispatch-candidates')).status).toBe(404);
    expect((await call(accounts.commander!, 'GET', '/api/incidents/abc/dispatch-candidates')).status).toBe(400);
    expect((await call(accounts.w1!, 'GET', `/api/incidents/${caseId}/dispatch-candidates`)).status).toBe(403);
    expect((await call(accounts.planner!, 'GET', `/api/incidents/${caseId}/dispatch-candidates`)).status).toBe(403);
    expect((await call(null, 'GET', `/api/incidents/${caseId}/dispatch-candidates`)).status).toBe(401);
  });

  it('shows on the layer only workers seen within 10 minutes, in the commander’s area', async () => {
    const codes = async (who: TestAccount) => (await layer(who)).map((f) => f.properties.code).sort();
    expect(await codes(accounts.commander!)).toEqual([W2, W3, workerC1].sort());
    expect(await codes(accounts.outsider!)).toEqual([W4]);
    const w2 = (await layer(accounts.commander!)).find((f) => f.properties.code === W2)!;
    expect(w2).toMatchObject({ geometry: { coordinates: [P.g1.lon, P.g1.lat] }, properties: { name: '王*', openLoad: 3 } });
    await backdate(W3, 9 * 60 + 50);
    expect(await codes(accounts.commander!)).toContain(W3);
    await backdate(W3, 10 * 60 + 10);
    expect(await codes(accounts.commander!)).not.toContain(W3);
    expect((await candidates(accounts.commander!, caseId)).workers.map((w) => w.code)).toEqual([workerC1, W2]);
    for (const who of ['admin', 'w1', 'planner'] as const) expect((await call(accounts[who]!, 'GET', '/api/layers/workers-on-duty')).status).toBe(403);
    expect((await call(null, 'GET', '/api/layers/workers-on-duty')).status).toBe(401);
  });

  it('drops a worker who goes off duty at once, and keeps the grid worker offered without a distance', async () => {
    expect((await call(accounts.w1!, 'DELETE', '/api/field/position')).status).toBe(204);
    expect((await layer(accounts.commander!)).map((f) => f.properties.code)).not.toContain(workerC1);
    const answer = await candidates(accounts.commander!, caseId);
    expect(answer.workers.map((w) => w.code)).toEqual([W2]);
    expect(answer.gridWorker).toMatchObject({ code: workerC1, distanceM: null, lastSeenAt: null });
    // going off duty twice is fine; back on duty at once (the rate limit belongs to the shared position)
    expect((await call(accounts.w1!, 'DELETE', '/api/field/position')).status).toBe(204);
    expect((await position(accounts.w1!, P.g2)).status).toBe(204);
  });
});

describe('departments', () => {
  it('are edited by admins only, with registered categories', async () => {
    const create = (who: TestAccount, body: unknown) => call(who, 'POST', '/api/admin/departments', body);
    expect((await create(accounts.commander!, { code: DEPT, name: '城管执法局' })).status).toBe(403);
    expect((await call(accounts.commander!, 'GET', '/api/admin/departments')).status).toBe(403);
    expect((await call(null, 'GET', '/api/admin/departments')).status).toBe(401);
    const created = await create(accounts.admin!, { code: DEPT, name: '城管执法局', categories: ['city_management', 'city_management'] });
    expect(created.status, await created.clone().text()).toBe(201);
    expect(adminDepartmentSchema.parse(await created.json())).toMatchObject({ code: DEPT, categories: ['city_management'], synthetic: false });
    const taken = await create(accounts.admin!, { code: DEPT, name: '又一个' });
    expect([taken.status, errorResponseSchema.parse(await taken.json()).error.field]).toEqual([409, 'code']);
    const unknown = await create(accounts.admin!, { code: DEPT2, name: '派出所', categories: ['theft', 'no_such'] });
    expect(unknown.status).toBe(400);
    expect(errorResponseSchema.parse(await unknown.json()).error).toMatchObject({ field: 'categories', message: expect.stringContaining('no_such') });
    expect((await create(accounts.admin!, { code: 'bad code!', name: 'x' })).status).toBe(400);
    expect((await create(accounts.admin!, { code: DEPT2, name: '派出所', categories: ['theft'] })).status).toBe(201);

    const patched = await call(accounts.admin!, 'PATCH', `/api/admin/departments/${DEPT2}`, { categories: ['theft', 'burglary'] });
    expect(patched.status).toBe(200);
    expect(adminDepartmentSchema.parse(await patched.json())).toMatchObject({ name: '派出所', categories: ['theft', 'burglary'] });
    expect((await call(accounts.admin!, 'PATCH', `/api/admin/departments/${DEPT2}`, {})).status).toBe(400);
    expect((await call(accounts.admin!, 'PATCH', '/api/admin/departments/DT-NONE', { name: 'x' })).status).toBe(404);
    expect((await call(accounts.commander!, 'PATCH', `/api/admin/departments/${DEPT2}`, { name: 'x' })).status).toBe(403);
    const list = await call(accounts.admin!, 'GET', '/api/admin/departments');
    const codes = ((await list.json()) as { items: { code: string }[] }).items.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining([DEPT, DEPT2]));
  });

  it('are offered for a case, those handling its category first, and take a dispatch through the workflow', async () => {
    const id = await report('city_management');
    const answer = await candidates(accounts.commander!, id);
    const handles = answer.departments.map((d) => d.handlesCategory);
    expect(handles).toEqual([...handles].sort((a, b) => Number(b) - Number(a)));
    expect(answer.departments.find((d) => d.code === DEPT)).toEqual({ code: DEPT, name: '城管执法局', categories: ['city_management'], handlesCategory: true });
    expect(answer.departments.find((d) => d.code === DEPT2)?.handlesCategory).toBe(false);

    const unknown = await dispatch(id, { kind: 'department', code: 'DT-NONE' });
    expect([unknown.status, errorResponseSchema.parse(await unknown.json()).error.field]).toEqual([400, 'assignee.code']);
    const done = await dispatch(id, { kind: 'department', code: DEPT });
    expect(done.status, await done.clone().text()).toBe(200);
    const detail = incidentDetailSchema.parse(await done.json());
    expect(detail).toMatchObject({ status: 'dispatched', assignee: { kind: 'department', code: DEPT } });
    expect(detail.history.filter((e) => e.action === 'dispatch')).toHaveLength(1);

    // a department with open cases cannot go; one without can
    const busy = await call(accounts.admin!, 'DELETE', `/api/admin/departments/${DEPT}`);
    expect([busy.status, errorResponseSchema.parse(await busy.json()).error.code]).toEqual([409, 'department_in_use']);
    expect((await call(accounts.commander!, 'DELETE', `/api/admin/departments/${DEPT2}`)).status).toBe(403);
    expect((await call(accounts.admin!, 'DELETE', `/api/admin/departments/${DEPT2}`)).status).toBe(204);
    expect((await call(accounts.admin!, 'DELETE', `/api/admin/departments/${DEPT2}`)).status).toBe(404);
  });
});
