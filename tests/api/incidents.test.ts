import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture, workerC1 } from '../support/incident-fixture.ts';
import { incidentDetailSchema, incidentListSchema, type IncidentDetail } from '../../core/contracts/incidents.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let admin: TestAccount, commanderD1: TestAccount, commanderD2: TestAccount, worker: TestAccount, planner: TestAccount;

beforeAll(async () => {
  await insertIncidentFixture(database);
  admin = await createAccount(database, { role: 'admin' }, 'inc');
  commanderD1 = await createAccount(database, { role: 'commander', scopeCode: F.d1 }, 'inc');
  commanderD2 = await createAccount(database, { role: 'commander', scopeCode: F.d2 }, 'inc');
  worker = await createAccount(database, { role: 'grid_worker', scopeCode: F.c1, workerCode: workerC1 }, 'inc');
  planner = await createAccount(database, { role: 'planner' }, 'inc');
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await removeAccounts(database, [admin, commanderD1, commanderD2, worker, planner]);
  await database.close();
});

const post = (who: TestAccount, body: unknown, headers: Record<string, string> = {}) =>
  app.request('/api/incidents', {
    method: 'POST',
    headers: { ...who.bearer, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const get = (who: TestAccount | null, path: string) => app.request(path, { headers: who?.bearer ?? {} });
const report = (location: { lon: number; lat: number }, extra: Record<string, unknown> = {}) => ({
  category: 'environment',
  location,
  description: '测试：垃圾堆放',
  reporterName: '欧阳测试报',
  reporterPhone: '13912345678',
  ...extra,
});
async function created(res: Response): Promise<IncidentDetail> {
  expect(res.status, await res.clone().text()).toBe(201);
  return incidentDetailSchema.parse(await res.json());
}

describe('POST /api/incidents', () => {
  it('assigns grid, community, street and district in SQL and records the report', async () => {
    const incident = await created(await post(admin, report(P.g3)));
    expect(incident).toMatchObject({ gridCode: F.g3, communityCode: F.c2, streetCode: F.s1, districtCode: F.d1, status: 'reported' });
    expect(incident.code).toMatch(/^SJ\d{8}\d{8}$/);
    expect(incident.history.map((e) => [e.action, e.toStatus])).toEqual([['report', 'reported']]);
    expect(incident.stageDueAt).not.toBeNull();
    const detail = incidentDetailSchema.parse(await (await get(commanderD1, `/api/incidents/${incident.id}`)).json());
    expect(detail.reporterName).toBe('欧*');
    expect(detail.reporterPhone).toBe('139****5678');
    expect(detail.allowedActions).toEqual(['register', 'reject']);
  });

  it('puts a point on a shared edge into the grid with the lower code', async () => {
    for (let i = 0; i < 3; i++) {
      const incident = await created(await post(admin, report(P.edge12)));
      expect(incident.gridCode).toBe(F.g1);
    }
  });

  it('refuses a location outside every grid with 422 naming location', async () => {
    const res = await post(admin, report(P.outside));
    expect(res.status).toBe(422);
    expect(errorResponseSchema.parse(await res.json()).error).toMatchObject({ code: 'outside_city', field: 'location' });
  });

  it.each([
    [{ category: 'nope' }, 'category'],
    [{ category: 'dispute' }, 'disputeType'],
    [{ category: 'dispute', disputeType: 'nope' }, 'disputeType'],
    [{ category: 'theft', disputeType: 'neighbour' }, 'disputeType'],
    [{ location: { lon: 500, lat: 41 } }, 'location.lon'],
    [{ reporterPhone: 'call me' }, 'reporterPhone'],
    [{ source: 'rumour' }, 'source'],
  ])('refuses %j with 400 naming %s', async (override, field) => {
    const res = await post(admin, { ...report(P.g1), ...override });
    expect(res.status).toBe(400);
    expect(errorResponseSchema.parse(await res.json()).error.field).toBe(field);
  });

  it('refuses malformed JSON with 400, public with 401 and planners with 403', async () => {
    const bad = await app.request('/api/incidents', { method: 'POST', headers: { ...admin.bearer, 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
    expect((await app.request('/api/incidents', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await post(planner, report(P.g1))).status).toBe(403);
    expect((await get(null, '/api/incidents')).status).toBe(401);
    expect((await get(planner, '/api/incidents')).status).toBe(403);
  });

  it('is idempotent by key, also under concurrent retries', async () => {
    const key = `test-key-${Date.now()}`;
    const first = await created(await post(admin, report(P.g4), { 'idempotency-key': key }));
    const retry = await post(admin, report(P.g4), { 'idempotency-key': key });
    expect(retry.status).toBe(200);
    expect(incidentDetailSchema.parse(await retry.json()).id).toBe(first.id);

    const key2 = `race-${Date.now()}`;
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(admin, report(P.g4, { idempotencyKey: key2 }))));
    const ids = await Promise.all(responses.map(async (r) => incidentDetailSchema.parse(await r.json()).id));
    expect(new Set(ids).size).toBe(1);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    const count = await database.pool.query('SELECT count(*)::int AS n FROM incidents WHERE idempotency_key = $1', [key2]);
    expect(count.rows[0].n).toBe(1);
  });
});

describe('GET /api/incidents', () => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    await database.pool.query('DELETE FROM incidents WHERE district_code = ANY($1)', [[F.d1, F.d2]]);
    for (const [name, point, category] of [
      ['a', P.g1, 'environment'],
      ['b', P.g2, 'theft'],
      ['c', P.g3, 'environment'],
      ['d', P.g4, 'fire_hazard'],
      ['e', P.g5, 'environment'],
      ['f', P.g1, 'theft'],
    ] as const) {
      ids[name] = (await created(await post(admin, report(point, { category })))).id;
    }
    // make "d" overdue and "a" older, directly in the table (the API never backdates)
    await database.pool.query(`UPDATE incidents SET stage_due_at = now() - interval '1 hour' WHERE id = $1`, [ids.d]);
    await database.pool.query(`UPDATE incidents SET reported_at = '2023-06-01T10:00:00+08' WHERE id = $1`, [ids.a]);
  });
  const list = async (who: TestAccount, query: string) => {
    const res = await get(who, `/api/incidents?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return incidentListSchema.parse(await res.json());
  };
  const idsOf = (page: { items: { id: number }[] }) => page.items.map((i) => i.id).sort((x, y) => x - y);
  const sorted = (...names: string[]) => names.map((n) => ids[n]!).sort((x, y) => x - y);

  it('filters by area at every level', async () => {
    expect(idsOf(await list(admin, `area=${F.d1}`))).toEqual(sorted('a', 'b', 'c', 'd', 'f'));
    expect(idsOf(await list(admin, `area=${F.s1}`))).toEqual(sorted('a', 'b', 'c', 'f'));
    expect(idsOf(await list(admin, `area=${F.c1}`))).toEqual(sorted('a', 'b', 'f'));
    expect(idsOf(await list(admin, `area=${F.g1}`))).toEqual(sorted('a', 'f'));
    expect(idsOf(await list(admin, `area=9701`))).toEqual(sorted('a', 'b', 'c', 'd', 'e', 'f'));
  });

  it('filters by category, status, time range and overdue', async () => {
    expect(idsOf(await list(admin, `area=${F.d1}&category=theft,fire_hazard`))).toEqual(sorted('b', 'd', 'f'));
    expect(idsOf(await list(admin, `area=${F.d1}&status=registered`))).toEqual([]);
    expect(idsOf(await list(admin, `area=${F.d1}&status=reported`))).toEqual(sorted('a', 'b', 'c', 'd', 'f'));
    expect(idsOf(await list(admin, `area=${F.d1}&to=2024-01-01T00:00:00Z`))).toEqual(sorted('a'));
    expect(idsOf(await list(admin, `area=${F.d1}&from=2024-01-01T00:00:00Z`))).toEqual(sorted('b', 'c', 'd', 'f'));
    const overdue = await list(admin, `area=${F.d1}&overdue=true`);
    expect(idsOf(overdue)).toEqual(sorted('d'));
    expect(overdue.items[0]!.overdue).toBe(true);
    expect(idsOf(await list(admin, `area=${F.d1}&overdue=false`))).toEqual(sorted('a', 'b', 'c', 'f'));
  });

  it('pages with a cursor, newest first, without gaps or repeats', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: number; reportedAt: string }[]; nextCursor: string | null } = await list(
        admin,
        `area=${F.d1}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect([...seen].sort((x, y) => x - y)).toEqual(sorted('a', 'b', 'c', 'd', 'f'));
    expect(seen.at(-1)).toBe(ids.a); // the oldest comes last
    const bad = await get(admin, '/api/incidents?cursor=bm9wZQ');
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(await bad.json()).error.field).toBe('cursor');
  });

  it('scopes lists and details to the caller in SQL (404 outside)', async () => {
    expect(idsOf(await list(commanderD2, ''))).toEqual(sorted('e'));
    expect(idsOf(await list(commanderD1, `area=${F.d2}`))).toEqual([]);
    expect(idsOf(await list(worker, ''))).toEqual(sorted('a', 'b', 'f'));
    expect((await get(commanderD2, `/api/incidents/${ids.a}`)).status).toBe(404);
    expect((await get(worker, `/api/incidents/${ids.c}`)).status).toBe(404);
    expect((await get(commanderD1, `/api/incidents/${ids.a}`)).status).toBe(200);
    expect((await get(admin, '/api/incidents/999999999')).status).toBe(404);
    expect((await get(admin, '/api/incidents/abc')).status).toBe(400);
  });

  it('masks reporters in lists and never returns the clear values', async () => {
    const res = await get(commanderD1, `/api/incidents?area=${F.d1}`);
    const text = await res.text();
    expect(text).not.toContain('欧阳测试报');
    expect(text).not.toContain('13912345678');
    expect(text).toContain('139****5678');
  });
});
