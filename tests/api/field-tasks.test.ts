/**
 * The grid worker's inbox (GET /api/field/tasks) and exactly-once workflow actions (Idempotency-Key on
 * POST /api/incidents/:id/actions), as the field app's offline queue uses them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { incidentDetailSchema, type IncidentDetail } from '../../core/contracts/incidents.ts';
import { fieldTasksSchema, nearbyIncidentsResultSchema } from '../../core/contracts/field.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const colleague = 'IF-GW-C1B';
const department = { kind: 'department', code: 'FT-DEPT-ENV' };
let commander: TestAccount, worker: TestAccount, worker2: TestAccount, commanderD2: TestAccount;

beforeAll(async () => {
  await insertIncidentFixture(database);
  await database.pool.query(
    `INSERT INTO grid_workers (code, name, phone, community_code, synthetic, source) VALUES ($1, '测试网格员乙', '13900000002', $2, true, 'test')`,
    [colleague, F.c1],
  );
  await database.pool.query(
    `INSERT INTO departments (code, name, categories, synthetic, source) VALUES ($1, '测试城管', '{environment}', true, 'test') ON CONFLICT (code) DO NOTHING`,
    [department.code],
  );
  commander = await createAccount(database, { role: 'commander', scopeCode: F.d1 }, 'ft');
  commanderD2 = await createAccount(database, { role: 'commander', scopeCode: F.d2 }, 'ft');
  worker = await createAccount(database, { role: 'grid_worker', scopeCode: F.c1, workerCode: workerC1 }, 'ft');
  worker2 = await createAccount(database, { role: 'grid_worker', scopeCode: F.c1, workerCode: colleague }, 'ft');
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await database.pool.query('DELETE FROM grid_workers WHERE code = $1', [colleague]);
  await database.pool.query('DELETE FROM departments WHERE code = $1', [department.code]);
  await removeAccounts(database, [commander, commanderD2, worker, worker2]);
  await database.close();
});

const json = (who: TestAccount, key?: string) => ({ ...who.bearer, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) });
const act = (who: TestAccount, id: number, body: Record<string, unknown>, key?: string) =>
  app.request(`/api/incidents/${id}/actions`, { method: 'POST', headers: json(who, key), body: JSON.stringify(body) });
async function ok(who: TestAccount, id: number, body: Record<string, unknown>, key?: string): Promise<IncidentDetail> {
  const res = await act(who, id, body, key);
  expect(res.status, await res.clone().text()).toBe(200);
  return incidentDetailSchema.parse(await res.json());
}
async function dispatched(assignee: { kind: string; code: string } | null, at = P.g1, description = '现场堆放垃圾'): Promise<number> {
  const res = await app.request('/api/incidents', {
    method: 'POST',
    headers: json(commander),
    body: JSON.stringify({ category: 'environment', location: at, description }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const { id } = (await res.json()) as { id: number }; // outside the commander's area: only the id
  if (!assignee) return id;
  await ok(commander, id, { action: 'register' });
  await ok(commander, id, { action: 'dispatch', assignee });
  return id;
}
const tasks = async (who: TestAccount) => {
  const res = await app.request('/api/field/tasks', { headers: who.bearer });
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('cache-control')).toContain('no-store');
  return fieldTasksSchema.parse(await res.json()).items;
};
const events = async (id: number, action: string) =>
  (await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_events WHERE incident_id = $1 AND action = $2', [id, action])).rows[0]!.n;

describe('GET /api/field/tasks', () => {
  it('lists only the worker’s own open cases and those of their grids dispatched to no worker', async () => {
    const mine = await dispatched({ kind: 'grid_worker', code: workerC1 });
    const theirs = await dispatched({ kind: 'grid_worker', code: colleague });
    const toDepartment = await dispatched(department, P.g2);
    const notInMyGrid = await dispatched(department, P.g3);
    const undispatched = await dispatched(null);
    const finished = await dispatched({ kind: 'grid_worker', code: workerC1 });
    await ok(worker, finished, { action: 'accept' });
    await ok(worker, finished, { action: 'report_back', note: '已清理' });

    const items = await tasks(worker);
    const ids = items.map((t) => t.id);
    expect(ids).toEqual(expect.arrayContaining([mine, toDepartment]));
    for (const other of [theirs, notInMyGrid, undispatched, finished]) expect(ids).not.toContain(other);
    expect(items.find((t) => t.id === mine)).toMatchObject({ assignedTo: 'me', status: 'dispatched' });
    expect(items.find((t) => t.id === toDepartment)).toMatchObject({ assignedTo: 'grid' });
    expect((await tasks(worker2)).map((t) => t.id)).toEqual(expect.arrayContaining([theirs]));
    expect((await tasks(worker2)).map((t) => t.id)).not.toContain(mine);
    // an inbox is a worker's: commanders list cases on /command/
    expect((await app.request('/api/field/tasks', { headers: commander.bearer })).status).toBe(403);
    expect((await app.request('/api/field/tasks')).status).toBe(401);
  });

  it('puts overdue cases first, then the nearest deadline', async () => {
    const later = await dispatched({ kind: 'grid_worker', code: workerC1 });
    const overdue = await dispatched({ kind: 'grid_worker', code: workerC1 });
    await database.pool.query(`UPDATE incidents SET stage_due_at = now() - interval '2 hours' WHERE id = $1`, [overdue]);
    const items = await tasks(worker);
    expect(items[0]).toMatchObject({ id: overdue, overdue: true });
    expect(items.findIndex((t) => t.id === later)).toBeGreaterThan(0);
    const deadlines = items.filter((t) => !t.overdue).map((t) => Date.parse(t.stageDueAt ?? t.dueAt ?? ''));
    expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
  });
});

describe('POST /api/incidents/:id/actions with Idempotency-Key', () => {
  it('applies a repeated action once and answers the repeat with the case', async () => {
    const id = await dispatched({ kind: 'grid_worker', code: workerC1 });
    const key = `act-${crypto.randomUUID()}`;
    const first = await ok(worker, id, { action: 'accept' }, key);
    expect(first.status).toBe('handling');
    const repeat = await ok(worker, id, { action: 'accept' }, key);
    expect(repeat.status).toBe('handling');
    expect(await events(id, 'accept')).toBe(1);
    // two sends of one queued action at once (two tabs, a retry racing a slow reply): still once
    const note = `act-${crypto.randomUUID()}`;
    const both = await Promise.all([1, 2].map(() => act(worker, id, { action: 'report_back', note: '已处理' }, note)));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(await events(id, 'report_back')).toBe(1);
  });

  it('refuses the same key with another body or on another case (409 idempotency_conflict)', async () => {
    const id = await dispatched({ kind: 'grid_worker', code: workerC1 });
    const other = await dispatched({ kind: 'grid_worker', code: workerC1 });
    const theirs = await dispatched({ kind: 'grid_worker', code: colleague });
    const key = `act-${crypto.randomUUID()}`;
    await ok(worker, id, { action: 'request_extension', days: 2 }, key);
    for (const res of [
      await act(worker, id, { action: 'request_extension', days: 3 }, key),
      await act(worker, other, { action: 'request_extension', days: 2 }, key),
    ]) {
      expect(res.status).toBe(409);
      expect(errorResponseSchema.parse(await res.json()).error).toMatchObject({ code: 'idempotency_conflict', field: 'Idempotency-Key' });
    }
    expect((await ok(worker, other, { action: 'accept' })).extensionRequestedDays).toBeNull();
    // a key is its owner's: a colleague sending the same key gets their own action, not a replay
    expect((await ok(worker2, theirs, { action: 'accept' }, key)).status).toBe('handling');
    const bad = await act(worker, id, { action: 'accept' }, 'short');
    expect(errorResponseSchema.parse(await bad.json()).error.field).toBe('Idempotency-Key');
  });

  it('stores nothing for a refused action: a case reassigned meanwhile answers 409 not_assignee', async () => {
    const id = await dispatched({ kind: 'grid_worker', code: workerC1 });
    // reassigned while the worker's phone was offline (the dispatch panel's own path is another test's)
    await database.pool.query(`UPDATE incidents SET assignee_code = $2 WHERE id = $1`, [id, colleague]);
    const key = `act-${crypto.randomUUID()}`;
    const res = await act(worker, id, { action: 'accept' }, key);
    expect(res.status).toBe(409);
    expect(errorResponseSchema.parse(await res.json()).error.code).toBe('not_assignee');
    expect(await events(id, 'accept')).toBe(0);
    const stored = await database.pool.query('SELECT count(*)::int AS n FROM incident_action_keys WHERE key = $1', [key]);
    expect(stored.rows[0].n).toBe(0);
    // the colleague it now belongs to can accept it
    expect((await ok(worker2, id, { action: 'accept' })).status).toBe('handling');
    expect((await act(worker, 2147483000, { action: 'accept' }, key)).status).toBe(404);
  });
});

describe('GET /api/locate/incidents (duplicate hints)', () => {
  it('shows open cases near the point in any area, their description only inside the caller’s area', async () => {
    const id = await dispatched(null, P.g5, '外区重复检查');
    const near = async (who: TestAccount) => {
      const res = await app.request(`/api/locate/incidents?lon=${P.g5.lon}&lat=${P.g5.lat + 10 / 111_000}&category=environment`, { headers: who.bearer });
      expect(res.status).toBe(200);
      return nearbyIncidentsResultSchema.parse(await res.json()).items.find((i) => i.id === id);
    };
    expect(await near(commanderD2)).toMatchObject({ inScope: true, description: '外区重复检查' });
    expect(await near(worker)).toMatchObject({ inScope: false, description: null });
    expect(await near(commander)).toMatchObject({ inScope: false, description: null });
  });
});
