import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { HotspotResponse } from '../../core/contracts/planning.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertPlanFixture, PLAN, removePlanFixture, type PlanFixture } from '../support/planning-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let fixture: PlanFixture;
let planner: TestAccount;
// theft counts per fixture grid (index) in the period; a cluster in the south-east, one busy cell in the west
const current = [0, 1, 0, 0, 1, 0, 0, 2, 0, 1, 6, 5, 0, 0, 7, 9];
const previous = [1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 2, 0, 1, 1];
const period = { from: '2026-01-01', to: '2026-04-01' };

beforeAll(async () => {
  fixture = await insertPlanFixture(database);
  planner = await createAccount(database, { role: 'planner' }, 'hotspots');
  const insert = async (grid: string, n: number, day: string, category: string, tag: string) => {
    const [w, s, e, nth] = fixture.grids.find((g) => g.code === grid)!.box;
    for (let k = 0; k < n; k++) {
      await database.pool.query(
        `INSERT INTO incidents (code, category, status, source, occurred_at, reported_at, grid_code, community_code, street_code, district_code, synthetic, geom)
         VALUES ($1, $2, 'closed', 'grid_worker', $3::timestamptz, $3::timestamptz, $4, left($4, 12), left($4, 9), left($4, 6), true,
                 ST_SetSRID(ST_MakePoint($5, $6), 4326))`,
        [`PL-INC-${tag}-${grid}-${k}`, category, `${day}T10:00:00+08:00`, grid, (w + e) / 2, (s + nth) / 2],
      );
    }
  };
  for (const [i, grid] of fixture.grids.entries()) {
    await insert(grid.code, current[i]!, '2026-02-10', 'theft', 'C');
    await insert(grid.code, previous[i]!, '2025-11-10', 'theft', 'P');
  }
  await insert(fixture.grids[0]!.code, 4, '2026-02-11', 'dispute', 'D');
});
afterAll(async () => {
  await removeAccounts(database, [planner]);
  await removePlanFixture(database);
  await database.close();
});

const get = async (query: string) => {
  const res = await app.request(`/api/hotspots?${query}`, { headers: planner.bearer });
  return { status: res.status, body: (await res.json()) as HotspotResponse & { error?: { field: string } } };
};

/** Cells touch when their boxes share an edge or a corner (queen contiguity), computed from the boxes. */
function touching(a: number[], b: number[]) {
  const eps = 1e-9;
  return a !== b && a[0]! <= b[2]! + eps && b[0]! <= a[2]! + eps && a[1]! <= b[3]! + eps && b[1]! <= a[3]! + eps;
}

describe('GET /api/hotspots', () => {
  it('gives rates, change and Gi* that match the formula over touching cells', async () => {
    const { status, body } = await get(`from=${period.from}&to=${period.to}&category=theft&area=${PLAN.district}`);
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(16);
    // 90 days before 1 January (CST)
    expect(body.previous).toEqual({ from: '2025-10-02T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z' });
    const rates = fixture.grids.map((_g, i) => (1000 * current[i]!) / (300 + i * 10));
    const n = rates.length;
    const mean = rates.reduce((a, b) => a + b, 0) / n;
    const S = Math.sqrt(rates.reduce((a, b) => a + b * b, 0) / n - mean * mean);
    for (const [i, grid] of fixture.grids.entries()) {
      const row = body.rows.find((r) => r.code === grid.code)!;
      expect([row.incidents, row.previousIncidents, row.households]).toEqual([current[i], previous[i], 300 + i * 10]);
      expect(row.rate).toBeCloseTo(rates[i]!, 3);
      expect(row.change).toBeCloseTo(rates[i]! - (1000 * previous[i]!) / (300 + i * 10), 3);
      const around = fixture.grids.flatMap((g, j) => (touching(grid.box, g.box) ? [j] : []));
      expect(row.neighbours).toBe(around.length);
      const W = around.length + 1;
      const local = rates[i]! + around.reduce((s, j) => s + rates[j]!, 0);
      const z = (local - mean * W) / (S * Math.sqrt((n * W - W * W) / (n - 1)));
      expect(row.z).toBeCloseTo(z, 3);
      expect(row.flag).toBe(z >= 2.576 ? 'hot99' : z >= 1.96 ? 'hot95' : z <= -2.576 ? 'cold99' : z <= -1.96 ? 'cold95' : null);
    }
    // a 4 × 4 lattice: corners touch 3 cells, edges 5, the inner four 8
    expect(body.rows.map((r) => r.neighbours).sort((a, b) => a - b)).toEqual([3, 3, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 8, 8, 8, 8]);
    expect(body.summary.hot95 + body.summary.hot99).toBeGreaterThan(0);
    expect(body.summary.incidents).toBe(current.reduce((a, b) => a + b, 0));
  });

  it('filters by category group, leaves cells without households out of Gi*', async () => {
    const disputes = await get(`from=${period.from}&to=${period.to}&group=dispute&area=${PLAN.district}`);
    expect(disputes.body.summary.incidents).toBe(4);
    expect(disputes.body.categories).toEqual(['dispute']);
    const empty = fixture.grids[3]!.code;
    await database.pool.query(`UPDATE grid_cells SET households = 0 WHERE code = $1`, [empty]);
    try {
      const { body } = await get(`from=${period.from}&to=${period.to}&category=theft&area=${PLAN.district}`);
      const row = body.rows.find((r) => r.code === empty)!;
      expect([row.rate, row.z, row.flag, row.neighbours]).toEqual([null, null, null, 0]);
      expect(body.summary.analysed).toBe(15);
    } finally {
      await database.pool.query(`UPDATE grid_cells SET households = 330 WHERE code = $1`, [empty]);
    }
  });

  it('ends the default period with the newest incident of the area (CST midnight after it)', async () => {
    const { body } = await get(`area=${PLAN.district}`);
    expect(body.period).toEqual({ from: '2025-11-13T16:00:00.000Z', to: '2026-02-11T16:00:00.000Z' });
    expect(body.summary.incidents).toBe(current.reduce((a, b) => a + b, 0) + 4);
  });

  it('names the field of bad input', async () => {
    const cases: [string, string][] = [
      ['from=2026-13-45', 'from'],
      ['from=yesterday', 'from'],
      ['from=2026-04-01&to=2026-01-01', 'from'],
      ['category=nonsense', 'category'],
      ['category=theft&group=dispute', 'group'],
      ['group=crime', 'group'],
      ['area=97', 'area'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(query);
      expect([query, status, body.error?.field]).toEqual([query, 400, field]);
    }
  });

  it('exports GeoJSON with the grid outlines and CSV with a BOM', async () => {
    const geo = await app.request(`/api/hotspots/export?format=geojson&from=${period.from}&to=${period.to}&area=${PLAN.district}`, { headers: planner.bearer });
    const collection = (await geo.json()) as { features: { geometry: { type: string }; properties: { z: number } }[] };
    expect(collection.features).toHaveLength(16);
    expect(collection.features[0]!.geometry.type).toMatch(/Polygon/);
    const csv = new Uint8Array(await (await app.request(`/api/hotspots/export?format=csv&area=${PLAN.district}`, { headers: planner.bearer })).arrayBuffer());
    expect([...csv.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
