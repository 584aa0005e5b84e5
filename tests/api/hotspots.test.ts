import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { HotspotResponse } from '../../core/contracts/planning.ts';
import type { KpiResponse } from '../../core/contracts/kpis.ts';
import { normalCdf } from '../../core/stats/gistar.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertPlanFixture, PLAN, removePlanFixture, type PlanFixture } from '../support/planning-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let fixture: PlanFixture;
let planner: TestAccount;
// theft counts per fixture grid (index) in the period: a cluster in the four mutually touching cells 12–15
const current = [0, 1, 0, 0, 1, 0, 0, 2, 0, 1, 0, 1, 6, 5, 7, 9];
const previous = [1, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 2, 0, 1, 1];
// the first quarter as a user picks it: the last day is included
const period = { from: '2026-01-01', to: '2026-03-31' };

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
  // the edges of the year 2021 in Asia/Shanghai: the first and last local minutes are in, the next year's first is out
  const edge = async (tag: string, at: string) =>
    database.pool.query(
      `INSERT INTO incidents (code, category, status, source, occurred_at, reported_at, grid_code, community_code, street_code, district_code, synthetic, geom)
       VALUES ($1, 'theft', 'reported', 'grid_worker', $2::timestamptz, $2::timestamptz, $3, left($3, 12), left($3, 9), left($3, 6), true, ST_SetSRID(ST_MakePoint($4, $5), 4326))`,
      [
        `PL-INC-Y-${tag}`,
        at,
        fixture.grids[5]!.code,
        (fixture.grids[5]!.box[0] + fixture.grids[5]!.box[2]) / 2,
        (fixture.grids[5]!.box[1] + fixture.grids[5]!.box[3]) / 2,
      ],
    );
  await edge('first', '2021-01-01T00:00:00+08:00');
  await edge('mid', '2021-07-01T12:00:00+08:00');
  await edge('last', '2021-12-31T23:59:30+08:00');
  await edge('after', '2022-01-01T00:00:00+08:00');
  await edge('before', '2020-12-31T23:59:59+08:00');
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
  it('gives rates, change and Gi* that match the formula over touching cells, flags after Benjamini–Hochberg', async () => {
    const { status, body } = await get(`from=${period.from}&to=${period.to}&category=theft&area=${PLAN.district}`);
    expect(status).toBe(200);
    expect(body.rows).toHaveLength(16);
    // [1 January, 1 April) CST and the 90 days before it
    expect(body.period).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' });
    expect(body.previous).toEqual({ from: '2025-10-02T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z' });
    const zs: number[] = [];
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
      expect(row.localIncidents).toBe(current[i]! + around.reduce((s, j) => s + current[j]!, 0));
      zs.push(z);
    }
    // Benjamini–Hochberg step-up over the 16 two-sided p-values: 99% at FDR 1%, 95% at 5%
    const ps = zs.map((z) => 2 * (1 - normalCdf(Math.abs(z))));
    const sorted = [...ps].sort((a, b) => a - b);
    const cut = (alpha: number) => sorted.filter((p, k) => p <= ((k + 1) * alpha) / ps.length).pop() ?? -1;
    for (const [i, grid] of fixture.grids.entries()) {
      const level = ps[i]! <= cut(0.01) ? '99' : ps[i]! <= cut(0.05) ? '95' : null;
      expect([grid.code, body.rows.find((r) => r.code === grid.code)!.flag]).toEqual([grid.code, level && `${zs[i]! > 0 ? 'hot' : 'cold'}${level}`]);
    }
    expect(body.neighbourhood).toMatchObject({ kind: 'contiguity', rule: 'queen', selfIncluded: true, meanNeighbours: 5.25, isolated: 0 });
    expect(body.correction.method).toBe('benjamini-hochberg');
    // 32 incidents pass the minimum; 16 cells are fewer than the 30 a reliable analysis needs
    expect(body.warnings.map((w) => [w.code, w.blocking])).toEqual([['too_few_grids', false]]);
    // a 4 × 4 lattice: corners touch 3 cells, edges 5, the inner four 8
    expect(body.rows.map((r) => r.neighbours).sort((a, b) => a - b)).toEqual([3, 3, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 8, 8, 8, 8]);
    // the planted cluster survives the correction (its z-scores pass at 95% and 99%)
    expect(body.rows.filter((r) => r.flag).map((r) => r.code)).toEqual([13, 14, 15].map((i) => fixture.grids[i]!.code));
    expect(body.summary.uncorrected).toBeGreaterThanOrEqual(body.summary.hot95 + body.summary.hot99);
    expect(body.summary.incidents).toBe(current.reduce((a, b) => a + b, 0));
  });

  it('flags nothing with almost no data and says why', async () => {
    const disputes = await get(`from=${period.from}&to=${period.to}&group=dispute&area=${PLAN.district}`);
    expect(disputes.body.summary.incidents).toBe(4);
    expect(disputes.body.categories).toEqual(['dispute']);
    expect(disputes.body.warnings[0]).toMatchObject({ code: 'too_few_incidents', blocking: true, minimum: 30, actual: 4 });
    expect(disputes.body.rows.filter((r) => r.flag)).toEqual([]);
    expect(disputes.body.rows.find((r) => r.code === fixture.grids[0]!.code)!.localIncidents).toBe(4);
  });

  it('leaves cells without households out of Gi*', async () => {
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

  it('counts a year as the KPIs do: both ends of 2021 in Asia/Shanghai, nothing outside', async () => {
    const year = `from=2021-01-01&to=2021-12-31&area=${PLAN.district}`;
    const { status, body } = await get(year);
    expect([status, body.period]).toEqual([200, { from: '2020-12-31T16:00:00.000Z', to: '2021-12-31T16:00:00.000Z' }]);
    const kpis = await app.request(`/api/kpis?${year}`, { headers: planner.bearer });
    const report = (await kpis.json()) as KpiResponse;
    expect([kpis.status, body.summary.incidents, report.counts.total]).toEqual([200, 3, 3]);
    // an instant with an offset is taken as given; a date-only `to` ends the day
    const instants = await get(`from=2021-01-01T00:00:00%2B08:00&to=2021-12-31T23:59:00%2B08:00&area=${PLAN.district}`);
    expect(instants.body.summary.incidents).toBe(2);
  });

  it('names the period in the export file by the local days chosen', async () => {
    const res = await app.request(`/api/hotspots/export?format=csv&from=2021-01-01&to=2021-12-31&area=${PLAN.district}`, { headers: planner.bearer });
    expect(res.headers.get('content-disposition')).toContain(`hotspots-${PLAN.district}-2021-01-01-2021-12-31.csv`);
  });

  it('ends the default period with the newest incident of the area (CST midnight after it)', async () => {
    const { body } = await get(`area=${PLAN.district}`);
    expect(body.period).toEqual({ from: '2025-11-13T16:00:00.000Z', to: '2026-02-11T16:00:00.000Z' });
    expect(body.summary.incidents).toBe(current.reduce((a, b) => a + b, 0) + 4);
  });

  it('names the field of bad input', async () => {
    const cases: [string, string][] = [
      ['from=2026-13-45', 'from'],
      ['to=2026-02-30', 'to'],
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
