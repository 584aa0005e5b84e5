import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { CoverageResponse } from '../../core/contracts/planning.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { compoundCoverage } from '../../db/queries/coverage.ts';
import { insertPlanFixture, PLAN, removePlanFixture, seeded, type PlanFixture } from '../support/planning-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let fixture: PlanFixture;
let planner: TestAccount;
let commander: TestAccount;
let outsider: TestAccount;

beforeAll(async () => {
  fixture = await insertPlanFixture(database);
  planner = await createAccount(database, { role: 'planner' }, 'coverage');
  commander = await createAccount(database, { role: 'commander', scopeCode: PLAN.district }, 'coverage');
  outsider = await createAccount(database, { role: 'commander', scopeCode: '210103' }, 'coverage');
});
afterAll(async () => {
  await removeAccounts(database, [planner, commander, outsider]);
  await removePlanFixture(database);
  await database.close();
});

const get = async (path: string, account = planner) => {
  const res = await app.request(path, { headers: account.bearer });
  return { status: res.status, body: (await res.json()) as CoverageResponse & { error?: { field?: string; message: string } } };
};

interface Expected {
  code: string;
  households: number;
  covered: number;
  population: number;
  populationCovered: number;
  p50: number | null;
  p90: number | null;
}

/**
 * The same figures by a different route: brute-force minimum distance to every site of the kinds
 * (no index, no DWithin), grouped in SQL, percentiles by a running sum over households.
 */
async function independent(kinds: string[], radius: number, areaExpr: string): Promise<Map<string, Expected>> {
  const { rows } = await database.pool.query<Expected>(
    `WITH f AS (
       SELECT ${areaExpr} AS code, c.households, c.population,
              (SELECT min(ST_Distance(s.geom::geography, c.geom::geography)) FROM sites s WHERE s.kind = ANY($1::text[])) AS d
       FROM compounds c WHERE c.community_code LIKE '9701%'),
     r AS (SELECT f.*, sum(households) OVER (PARTITION BY code ORDER BY d, households) AS run,
                  sum(households) OVER (PARTITION BY code) AS total FROM f)
     SELECT code, sum(households)::int AS households, coalesce(sum(households) FILTER (WHERE d <= $2), 0)::int AS covered,
            sum(population)::int AS population, coalesce(sum(population) FILTER (WHERE d <= $2), 0)::int AS "populationCovered",
            round(min(d) FILTER (WHERE run >= 0.5 * total))::float8 AS p50, round(min(d) FILTER (WHERE run >= 0.9 * total))::float8 AS p90
     FROM r GROUP BY code`,
    [kinds, radius],
  );
  return new Map(rows.map((r) => [r.code, r]));
}

describe('GET /api/coverage', () => {
  it('matches independent SQL for random kinds and radii at every level', async () => {
    const random = seeded(42);
    const kindSets = [['mediation_point'], ['mediation_point', 'mediation_room'], ['watch_post'], ['watch_post', 'mediation_room']];
    const levels = {
      district: 'left(c.community_code, 6)',
      street: 'left(c.community_code, 9)',
      community: 'c.community_code',
      grid: `(SELECT g.code FROM grid_cells g WHERE ST_Contains(g.geom, c.geom))`,
    } as const;
    let checked = 0;
    for (let round = 0; round < 8; round++) {
      const kinds = kindSets[Math.floor(random() * kindSets.length)]!;
      const radius = 300 + Math.floor(random() * 2700);
      for (const [level, expr] of Object.entries(levels)) {
        const { status, body } = await get(`/api/coverage?kinds=${kinds.join(',')}&radius=${radius}&level=${level}&area=${PLAN.district}`);
        expect(status).toBe(200);
        const expected = await independent(kinds, radius, expr);
        expect(body.rows.length).toBe(level === 'grid' ? 16 : level === 'community' ? 4 : level === 'street' ? 2 : 1);
        for (const row of body.rows) {
          const e = expected.get(row.code) ?? { households: 0, covered: 0, population: 0, populationCovered: 0, p50: null, p90: null };
          expect([row.code, row.households, row.householdsCovered, row.population, row.populationCovered]).toEqual([
            row.code,
            e.households,
            e.covered,
            e.population,
            e.populationCovered,
          ]);
          expect(row.share).toBe(e.households ? e.covered / e.households : null);
          expect(row.nearestSiteP50).toBe(e.p50);
          expect(row.nearestSiteP90).toBe(e.p90);
          checked++;
        }
        const all = [...expected.values()];
        expect(body.totals.households).toBe(all.reduce((s, r) => s + r.households, 0));
        expect(body.totals.householdsCovered).toBe(all.reduce((s, r) => s + r.covered, 0));
      }
    }
    expect(checked).toBe(8 * 23);
  });

  it('uses the registry default radius and tells which it used', async () => {
    const mediation = await get(`/api/coverage?level=street&area=${PLAN.district}`);
    expect([mediation.body.kinds, mediation.body.radius, mediation.body.radiusSource]).toEqual([['mediation_point', 'mediation_room'], 1000, 'default']);
    expect(mediation.body.sites).toBe(4);
    const posts = await get(`/api/coverage?kinds=watch_post&level=street&area=${PLAN.district}`);
    expect([posts.body.radius, posts.body.radiusSource]).toEqual([500, 'default']);
    expect(posts.body.method).toMatch(/straight-line.*no road network/);
  });

  it('gives the 全覆盖 verdict from site codes, served communities and positions', async () => {
    const points = await get(`/api/coverage?kinds=mediation_point&level=community&area=${PLAN.district}`);
    expect(points.body.fullCoverage.full).toBe(false);
    expect(points.body.fullCoverage.communities.missing.map((m) => m.code)).toEqual([fixture.communities[3]!.code]);
    expect(points.body.fullCoverage.streets).toMatchObject({ total: 2, withSite: 2, missing: [] });
    const withRooms = await get(`/api/coverage?kinds=mediation_point,mediation_room&level=community&area=${PLAN.district}`);
    expect(withRooms.body.fullCoverage).toMatchObject({ full: true, communities: { total: 4, withSite: 4 } });
  });

  it('reports one grid when the area is a grid, and refuses a level above the area', async () => {
    const grid = fixture.grids[5]!.code;
    const one = await get(`/api/coverage?kinds=watch_post&radius=800&level=grid&area=${grid}`);
    expect(one.status).toBe(200);
    expect(one.body.rows.map((r) => r.code)).toEqual([grid]);
    const inside = fixture.compounds.filter((c) => c.community === grid.slice(0, 12));
    expect(one.body.totals.households).toBeLessThanOrEqual(inside.reduce((s, c) => s + c.households, 0));
    const above = await get(`/api/coverage?level=street&area=${fixture.communities[0]!.code}`);
    expect([above.status, above.body.error?.field]).toEqual([400, 'level']);
  });

  it('names the field of bad input', async () => {
    const cases: [string, string][] = [
      ['kinds=nonsense_kind', 'kinds'],
      ['kinds=Mediation;drop', 'kinds'],
      ['radius=abc', 'radius'],
      ['radius=10', 'radius'],
      ['radius=1.5', 'radius'],
      ['level=province', 'level'],
      ['area=12ab', 'area'],
    ];
    for (const [query, field] of cases) {
      const { status, body } = await get(`/api/coverage?${query}`);
      expect([query, status, body.error?.field]).toEqual([query, 400, field]);
    }
    const missing = await get('/api/coverage?area=970199');
    expect([missing.status, missing.body.error?.field]).toEqual([404, 'area']);
  });

  it('limits a commander to their area: default is their district, another district is 404', async () => {
    const own = await get('/api/coverage?level=district', commander);
    expect(own.body.rows.map((r) => r.code)).toEqual([PLAN.district]);
    const other = await get(`/api/coverage?area=${PLAN.district}`, outsider);
    expect(other.status).toBe(404);
    const grid = await get('/api/coverage?level=grid', { ...planner, bearer: {} } as TestAccount);
    expect(grid.status).toBe(401);
  });
});

describe('nearest site, both strategies', () => {
  it('finds the same nearest distance by the index walk and by scanning, equal to the brute-force minimum', async () => {
    for (const kinds of [['watch_post'], ['mediation_point', 'mediation_room'], ['ferry_point']]) {
      const filter = { kinds, radius: 700, prefix: PLAN.district };
      const [byIndex, byScan, brute] = await Promise.all([
        compoundCoverage(database.pool, { ...filter, nearestBy: 'index' }),
        compoundCoverage(database.pool, { ...filter, nearestBy: 'scan' }),
        database.pool.query<{ code: string; d: number | null }>(
          `SELECT c.code, (SELECT min(ST_Distance(s.geom::geography, c.geom::geography)) FROM sites s WHERE s.kind = ANY($1::text[]))::float8 AS d
           FROM compounds c WHERE c.community_code LIKE '9701%' ORDER BY c.code`,
          [kinds],
        ),
      ]);
      expect(byIndex.map((r) => r.code)).toEqual(brute.rows.map((r) => r.code));
      brute.rows.forEach((row, i) => {
        for (const got of [byIndex[i]!.nearest, byScan[i]!.nearest]) {
          if (row.d === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(row.d, 6);
        }
      });
      expect(byScan.map((r) => r.covered)).toEqual(byIndex.map((r) => r.covered));
    }
  });
});

describe('GET /api/coverage/compounds and /export', () => {
  it('lists uncovered compounds with their nearest-site distance', async () => {
    const res = await app.request(`/api/coverage/compounds?kinds=watch_post&radius=600&area=${PLAN.district}&uncovered=true`, { headers: planner.bearer });
    const body = (await res.json()) as { compounds: { code: string; covered: boolean; nearest: number }[] };
    const expected = await database.pool.query<{ code: string }>(
      `SELECT c.code FROM compounds c WHERE c.community_code LIKE '9701%' AND NOT EXISTS (
         SELECT 1 FROM sites s WHERE s.kind = 'watch_post' AND ST_Distance(s.geom::geography, c.geom::geography) <= 600) ORDER BY c.code`,
    );
    expect(body.compounds.map((c) => c.code)).toEqual(expected.rows.map((r) => r.code));
    expect(body.compounds.every((c) => !c.covered && c.nearest > 600)).toBe(true);
  });

  it('exports CSV with a BOM and GeoJSON with area outlines', async () => {
    const csv = await app.request(`/api/coverage/export?format=csv&level=community&area=${PLAN.district}`, { headers: planner.bearer });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toContain('规划测试社区1');
    const geo = await app.request(`/api/coverage/export?format=geojson&level=grid&area=${PLAN.district}`, { headers: planner.bearer });
    const collection = (await geo.json()) as { features: { geometry: { type: string }; properties: { code: string } }[] };
    expect(collection.features).toHaveLength(16);
    expect(collection.features.every((f) => /Polygon/.test(f.geometry.type))).toBe(true);
  });
});
