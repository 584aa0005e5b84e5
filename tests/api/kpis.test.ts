import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { F, P, insertIncidentFixture, removeIncidentFixture } from '../support/incident-fixture.ts';
import { kpiResponseSchema, preventableResponseSchema, summaryResponseSchema, trendResponseSchema } from '../../core/contracts/kpis.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let admin: TestAccount, commanderS1: TestAccount, commanderD2: TestAccount;

interface Row {
  grid: keyof typeof P;
  category: string;
  status: string;
  reported?: string;
  dispatched?: string | null;
  due?: string | null;
  stageDue?: string | null;
  closed?: string | null;
  extended?: boolean;
  rework?: number;
  resolved?: boolean | null;
  dispute?: string;
}
let seq = 0;
async function insert(row: Row) {
  const codes = { g1: F.g1, g2: F.g2, g3: F.g3, g4: F.g4, g5: F.g5 } as Record<string, string>;
  const grid = codes[row.grid]!;
  const p = P[row.grid];
  await database.pool.query(
    `INSERT INTO incidents (code, category, dispute_type, status, source, reported_at, occurred_at, dispatched_at, due_at,
       stage_due_at, closed_at, extended, rework_count, resolved, grid_code, community_code, street_code, district_code, geom)
     VALUES ($1, $2, $3, $4, 'grid_worker', $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, left($13, 12), left($13, 9), left($13, 6),
       ST_SetSRID(ST_MakePoint($14, $15), 4326))`,
    [
      `KPI-TEST-${++seq}`,
      row.category,
      row.dispute ?? (row.category === 'dispute' ? 'neighbour' : null),
      row.status,
      row.reported ?? '2024-03-01T10:00:00+08',
      row.dispatched ?? null,
      row.due ?? null,
      row.stageDue ?? null,
      row.closed ?? null,
      row.extended ?? false,
      row.rework ?? 0,
      row.resolved ?? null,
      grid,
      p.lon,
      p.lat,
    ],
  );
}
const d = (day: number) => `2024-03-${String(day).padStart(2, '0')}T12:00:00+08`;

beforeAll(async () => {
  await insertIncidentFixture(database);
  admin = await createAccount(database, { role: 'admin' }, 'kpi');
  commanderS1 = await createAccount(database, { role: 'commander', scopeCode: F.s1 }, 'kpi');
  commanderD2 = await createAccount(database, { role: 'commander', scopeCode: F.d2 }, 'kpi');
  const rows: Row[] = [
    /* 1 */ { grid: 'g1', category: 'environment', status: 'closed', dispatched: d(1), due: d(5), closed: d(4) },
    /* 2 */ { grid: 'g1', category: 'environment', status: 'closed', dispatched: d(1), due: d(5), closed: d(7), rework: 1 },
    /* 3 */ { grid: 'g2', category: 'theft', status: 'dispatched', dispatched: d(2), due: d(10), stageDue: d(10) },
    /* 4 */ { grid: 'g2', category: 'theft', status: 'handling', dispatched: d(2), due: d(10), stageDue: d(10), extended: true },
    /* 5 */ { grid: 'g3', category: 'dispute', status: 'evaluated', dispatched: d(1), due: d(12), closed: d(3), resolved: true },
    /* 6 */ {
      grid: 'g3',
      category: 'dispute',
      status: 'feedback',
      dispatched: d(1),
      due: '2099-01-01T00:00:00Z',
      stageDue: '2099-01-01T00:00:00Z',
      resolved: false,
    },
    /* 7 */ { grid: 'g3', category: 'dispute', status: 'rejected' },
    /* 8 */ { grid: 'g1', category: 'environment', status: 'reported' },
    /* 9 */ { grid: 'g4', category: 'fire_hazard', status: 'closed', dispatched: d(1), due: d(3), closed: d(2) },
    /* 10 */ { grid: 'g4', category: 'fire_hazard', status: 'closed', dispatched: d(1), due: d(3), closed: d(9), extended: true, rework: 2 },
    /* 11 */ { grid: 'g5', category: 'environment', status: 'closed', dispatched: d(1), due: d(5), closed: d(4) },
    /* 12: outside the period */ {
      grid: 'g1',
      category: 'environment',
      status: 'closed',
      reported: '2024-02-15T10:00:00+08',
      dispatched: '2024-02-15T11:00:00+08',
      due: d(1),
      closed: '2024-02-16T10:00:00+08',
    },
  ];
  for (const row of rows) await insert(row);
});
afterAll(async () => {
  await removeIncidentFixture(database);
  await removeAccounts(database, [admin, commanderS1, commanderD2]);
  await database.close();
});

const march = 'from=2024-03-01T00:00:00%2B08:00&to=2024-04-01T00:00:00%2B08:00';
async function kpis(who: TestAccount, query: string) {
  const res = await app.request(`/api/kpis?${query}`, { headers: who.bearer });
  expect(res.status, await res.clone().text()).toBe(200);
  return kpiResponseSchema.parse(await res.json());
}

describe('GET /api/kpis against hand-computed fixtures', () => {
  it('computes the five rates for a district exactly per the definitions', async () => {
    const k = await kpis(admin, `area=${F.d1}&${march}`);
    // cohort 1–10; due (dispatched, not extended, closed or past due) = 1,2,3,5,9
    expect(k.counts).toEqual({
      total: 10,
      due: 5,
      closedDue: 4,
      onTime: 3,
      closed: 5,
      reworked: 2,
      dispatched: 8,
      extended: 2,
      disputesAccepted: 2,
      disputesResolved: 1,
      overdue: 2,
    });
    expect(k).toMatchObject({ closureRate: 0.8, onTimeRate: 0.6, reworkRate: 0.4, extensionRate: 0.25, resolutionRate: 0.5 });
    expect(k.area).toEqual({ code: F.d1, name: '事件测试区甲', level: 'district' });
    expect(k.byStatus).toEqual({
      reported: 1,
      registered: 0,
      rejected: 1,
      dispatched: 1,
      handling: 1,
      feedback: 1,
      verifying: 0,
      closed: 4,
      evaluated: 1,
    });
    const environment = k.byCategory.find((c) => c.code === 'environment')!;
    expect(environment).toMatchObject({ total: 3, due: 2, closedDue: 2, onTime: 1, closureRate: 1, onTimeRate: 0.5, nameZh: '环境卫生' });
    expect(k.byCategory.find((c) => c.code === 'burglary')).toMatchObject({ total: 0, closureRate: null });
  });

  it('ranks the child areas by closure rate', async () => {
    const k = await kpis(admin, `area=${F.d1}&${march}`);
    expect(k.children.map((c) => [c.code, c.rank, c.total, c.due, c.closureRate])).toEqual([
      [F.s2, 1, 2, 1, 1],
      [F.s1, 2, 8, 4, 0.75],
    ]);
    const street = await kpis(admin, `area=${F.s1}&${march}`);
    // C2: due {5} all closed → 1; C1: due {1, 2, 3}, two closed → 2/3
    expect(street.children.map((c) => [c.code, c.level, c.total, c.rank])).toEqual([
      [F.c2, 'community', 3, 1],
      [F.c1, 'community', 5, 2],
    ]);
    expect(street.children[1]!.closureRate).toBeCloseTo(2 / 3, 10);
  });

  it('drills down to a grid and respects the period', async () => {
    const grid = await kpis(admin, `area=${F.g1}&${march}`);
    expect(grid.counts).toMatchObject({ total: 3, due: 2, closedDue: 2 });
    expect(grid.children).toEqual([]);
    const feb = await kpis(admin, `area=${F.g1}&from=2024-02-01T00:00:00Z&to=2024-03-01T00:00:00%2B08:00`);
    expect(feb.counts).toMatchObject({ total: 1, due: 1, closed: 1, onTime: 1 });
  });

  it('scopes KPIs to the caller: an enclosing area is filtered, a foreign one is 404', async () => {
    const k = await kpis(commanderS1, `area=${F.d1}&${march}`);
    expect(k.counts.total).toBe(8);
    expect(k.children.map((c) => c.code)).toEqual([F.s1]);
    expect((await app.request(`/api/kpis?area=${F.d1}`, { headers: commanderD2.bearer })).status).toBe(404);
    expect((await app.request(`/api/kpis?area=999999`, { headers: admin.bearer })).status).toBe(404);
    expect((await app.request(`/api/kpis?area=12`, { headers: admin.bearer })).status).toBe(400);
    expect((await app.request(`/api/kpis`)).status).toBe(401);
  });
});

describe('GET /api/kpis/preventable', () => {
  it('counts preventable cases per year with year-on-year change, excluding rejected ones', async () => {
    const years: [number, number][] = [
      [2017, 10],
      [2018, 9],
      [2019, 4],
    ];
    for (const [year, n] of years) {
      for (let i = 0; i < n; i++) await insert({ grid: 'g5', category: i % 2 ? 'theft' : 'burglary', status: 'closed', reported: `${year}-06-01T10:00:00+08` });
    }
    await insert({ grid: 'g5', category: 'theft', status: 'rejected', reported: '2019-06-01T10:00:00+08' });
    await insert({ grid: 'g5', category: 'environment', status: 'closed', reported: '2019-06-01T10:00:00+08' });
    const res = await app.request(`/api/kpis/preventable?area=${F.d2}`, { headers: commanderD2.bearer });
    const body = preventableResponseSchema.parse(await res.json());
    expect(body.years.map((y) => y.year)).toEqual([2017, 2018, 2019]);
    expect(body.years.map((y) => y.cases)).toEqual([10, 9, 4]);
    expect(body.years[0]!.change).toBeNull();
    expect(body.years[1]!.change).toBeCloseTo(-0.1, 10);
    expect(body.years[2]!.change).toBeCloseTo(-5 / 9, 10);
  });
});

describe('GET /api/kpis/trend and /summary', () => {
  it('gives twelve months, oldest first, with this month last', async () => {
    await insert({ grid: 'g4', category: 'environment', status: 'reported', reported: new Date().toISOString() });
    const res = await app.request(`/api/kpis/trend?area=${F.s2}`, { headers: admin.bearer });
    const { months } = trendResponseSchema.parse(await res.json());
    expect(months).toHaveLength(12);
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    expect(months.at(-1)).toMatchObject({ month: thisMonth, reported: 1, closed: 0 });
    expect(months.slice(0, -1).every((m) => m.reported === 0)).toBe(true);
  });

  it('fills the number cards', async () => {
    const res = await app.request(`/api/kpis/summary?area=${F.d1}`, { headers: admin.bearer });
    const cards = summaryResponseSchema.parse(await res.json());
    // open: 3, 4, 6, 8 (March) + today's report; overdue: 3, 4; the fixture has one grid worker in C1
    expect(cards).toMatchObject({ today: 1, inProgress: 5, overdue: 2, closedToday: 0, gridWorkers: 1, fullTimeWorkers: 1 });
  });
});
