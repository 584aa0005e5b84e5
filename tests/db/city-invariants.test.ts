/**
 * SQL invariants on the small demo city that tests/setup/prepare.ts loads into the shared test database
 * (沈河区 210103 + 康平县 210123). Every check is scoped to those two districts so fixtures of other tests
 * (codes 98xxxx, AX-…) cannot mask or break it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '../support/database.ts';

/**
 * Small scale = 沈河区 + 康平县 exactly as they are in the full city (each district is generated from the seed
 * and its own code only). Areas are the real NBS units; the rest are the two districts' shares of the
 * article's city figures (full city: 6,090 compounds, 2,411 mediation points, 270 rooms, 7,115 watch posts,
 * 64 traffic points, 7 ferry points, 300,000 volunteers — checked on the generator's files in
 * tests/unit/generator-full.test.ts). Governance centers: the city's (in 沈河区) + 2 districts + 26 streets.
 */
const SMALL_EXPECTED = {
  districts: 2,
  streets: 26,
  communities: 291,
  grid_cells: 1199,
  grid_workers: 1199,
  compounds: 693,
  volunteers: 35_629,
  volunteer_teams: 810,
  incidents: 10_000,
  governance_center: 29,
  mediation_point: 260,
  mediation_room: 32,
  watch_post: 810,
  traffic_point: 8,
  ferry_point: 1,
};

const database = connectTestDatabase();
afterAll(() => database.close());

const DEMO = `'210103', '210123'`;
const inDemo = (column: string) => `left(${column}, 6) IN (${DEMO})`;

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  return (await database.pool.query(sql)).rows as T[];
}
async function one<T = Record<string, unknown>>(sql: string): Promise<T> {
  return (await rows<T>(sql))[0]!;
}

describe('demo city: nesting', () => {
  it('puts every grid inside exactly one community, its parent, and within it', async () => {
    const bad = await rows(`
      SELECT g.code,
             (SELECT count(*) FROM communities c WHERE ST_Contains(c.geom, ST_PointOnSurface(g.geom))) AS holders,
             ST_CoveredBy(g.geom, p.geom) AS covered
        FROM grid_cells g JOIN communities p ON p.code = g.parent_code
       WHERE ${inDemo('g.code')}
         AND ((SELECT count(*) FROM communities c WHERE ST_Contains(c.geom, ST_PointOnSurface(g.geom))) <> 1
              OR NOT ST_Contains(p.geom, ST_PointOnSurface(g.geom))
              OR NOT ST_CoveredBy(g.geom, p.geom))`);
    expect(bad).toEqual([]);
  });

  it('puts every community inside its street and every street inside its district', async () => {
    const bad = await rows(`
      SELECT c.code FROM communities c JOIN streets s ON s.code = c.parent_code WHERE ${inDemo('c.code')} AND NOT ST_CoveredBy(c.geom, s.geom)
      UNION ALL
      SELECT s.code FROM streets s JOIN districts d ON d.code = s.parent_code WHERE ${inDemo('s.code')} AND NOT ST_CoveredBy(s.geom, d.geom)`);
    expect(bad).toEqual([]);
  });

  it.each([
    { child: 'grid_cells', parent: 'communities' },
    { child: 'communities', parent: 'streets' },
    { child: 'streets', parent: 'districts' },
  ])('covers $parent with their $child without overlap (union ≥ 99.9 percent, sum ≤ 100.1 percent of the union)', async ({ child, parent }) => {
    const result = await rows<{ code: string; cover: number; overlap: number }>(`
      WITH parts AS (
        SELECT p.code, ST_Area(p.geom::geography) AS area, ST_Area(ST_Union(k.geom)::geography) AS union_area,
               sum(ST_Area(k.geom::geography)) AS sum_area
          FROM ${parent} p JOIN ${child} k ON k.parent_code = p.code
         WHERE ${inDemo('p.code')}
         GROUP BY p.code, p.geom)
      SELECT code, union_area / area AS cover, sum_area / union_area AS overlap FROM parts`);
    expect(result.length).toBe(SMALL_EXPECTED[parent as keyof typeof SMALL_EXPECTED]);
    expect(result.filter((r) => r.cover < 0.999 || r.overlap > 1.001)).toEqual([]);
  });

  it('stores only valid geometries', async () => {
    const invalid = await one<{ n: number }>(`
      SELECT (SELECT count(*) FROM districts WHERE ${inDemo('code')} AND NOT ST_IsValid(geom))
           + (SELECT count(*) FROM streets WHERE ${inDemo('code')} AND NOT ST_IsValid(geom))
           + (SELECT count(*) FROM communities WHERE ${inDemo('code')} AND NOT ST_IsValid(geom))
           + (SELECT count(*) FROM grid_cells WHERE ${inDemo('code')} AND NOT ST_IsValid(geom)) AS n`);
    expect(invalid.n).toBe(0);
  });
});

describe('demo city: mediation coverage', () => {
  it('serves every community/village by a mediation point located in it or in a neighbour', async () => {
    const unserved = await rows(`
      SELECT c.code FROM communities c
       WHERE ${inDemo('c.code')}
         AND NOT EXISTS (
           SELECT 1 FROM site_served_communities ssc
             JOIN sites s ON s.code = ssc.site_code AND s.kind = 'mediation_point'
             JOIN communities h ON ST_Contains(h.geom, s.geom)
            WHERE ssc.community_code = c.code AND (h.code = c.code OR ST_Touches(h.geom, c.geom)))`);
    expect(unserved).toEqual([]);
  });

  it('has a mediation point inside every street/town, recorded in the community that contains it', async () => {
    const without = await rows(`
      SELECT st.code FROM streets st WHERE ${inDemo('st.code')}
         AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.kind = 'mediation_point' AND ST_Contains(st.geom, s.geom))`);
    expect(without).toEqual([]);
    const misplaced = await rows(`
      SELECT s.code FROM sites s JOIN communities c ON c.code = s.community_code
       WHERE ${inDemo('s.district_code')} AND NOT ST_Contains(c.geom, s.geom)`);
    expect(misplaced).toEqual([]);
  });

  it('shares a point only between neighbouring units of one street, which is why points are fewer than units', async () => {
    const shared = await one<{ points: number; units: number; foreign: number }>(`
      SELECT count(DISTINCT s.code)::int AS points, count(*)::int AS units,
             count(*) FILTER (WHERE left(ssc.community_code, 9) <> s.street_code)::int AS foreign
        FROM sites s JOIN site_served_communities ssc ON ssc.site_code = s.code
       WHERE s.kind = 'mediation_point' AND ${inDemo('s.district_code')}`);
    expect(shared).toEqual({ points: SMALL_EXPECTED.mediation_point, units: SMALL_EXPECTED.communities, foreign: 0 });
  });
});

describe('demo city: codes', () => {
  it('keeps codes well formed and prefixed by the parent code', async () => {
    const bad = await rows(`
      SELECT code FROM streets WHERE ${inDemo('code')} AND NOT (code ~ '^[0-9]{9}$' AND left(code, 6) = parent_code)
      UNION ALL SELECT code FROM communities WHERE ${inDemo('code')} AND NOT (code ~ '^[0-9]{12}$' AND left(code, 9) = parent_code)
      UNION ALL SELECT code FROM grid_cells WHERE ${inDemo('code')} AND NOT (code ~ '^[0-9]{14}$' AND left(code, 12) = parent_code)
      UNION ALL SELECT code FROM districts WHERE ${inDemo('code')} AND NOT (code ~ '^[0-9]{6}$' AND parent_code = '210100')`);
    expect(bad).toEqual([]);
  });

  it('numbers grids 00 when a community is one grid, otherwise 01…n without gaps', async () => {
    const bad = await rows(`
      SELECT parent_code, count(*) AS n, array_agg(right(code, 2) ORDER BY code) AS seq FROM grid_cells
       WHERE ${inDemo('code')} GROUP BY parent_code
      HAVING NOT ((count(*) = 1 AND max(right(code, 2)) = '00')
               OR (count(*) > 1 AND min(right(code, 2)::int) = 1 AND max(right(code, 2)::int) = count(*)))`);
    expect(bad).toEqual([]);
  });

  it('numbers grids north→south, west→east: grid 01 lies north or west of the last grid', async () => {
    const result = await one<{ total: number; ordered: number }>(`
      WITH ends AS (
        SELECT parent_code,
               ST_Centroid((array_agg(geom ORDER BY code))[1]) AS first,
               ST_Centroid((array_agg(geom ORDER BY code DESC))[1]) AS last
          FROM grid_cells WHERE ${inDemo('code')} GROUP BY parent_code HAVING count(*) > 1)
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE ST_Y(first) > ST_Y(last) OR ST_X(first) < ST_X(last))::int AS ordered
        FROM ends`);
    expect(result.total).toBeGreaterThan(100);
    expect(result.ordered / result.total).toBeGreaterThan(0.97);
  });

  it('links every grid to its own responsible grid worker in the same community', async () => {
    const bad = await rows(`
      SELECT g.code FROM grid_cells g LEFT JOIN grid_workers w ON w.code = g.worker_code
       WHERE ${inDemo('g.code')} AND (w.code IS NULL OR w.community_code <> g.parent_code)`);
    expect(bad).toEqual([]);
    const shared = await one<{ n: number }>(`
      SELECT count(*)::int AS n FROM (SELECT worker_code FROM grid_cells WHERE ${inDemo('code')} GROUP BY worker_code HAVING count(*) > 1) x`);
    expect(shared.n).toBe(0);
  });
});

describe('demo city: counts', () => {
  it('has the small-scale counts (the two districts’ shares of the full city’s figures)', async () => {
    const counts = await one<Record<string, number>>(`
      SELECT (SELECT count(*) FROM districts WHERE ${inDemo('code')})::int AS districts,
             (SELECT count(*) FROM streets WHERE ${inDemo('code')})::int AS streets,
             (SELECT count(*) FROM communities WHERE ${inDemo('code')})::int AS communities,
             (SELECT count(*) FROM grid_cells WHERE ${inDemo('code')})::int AS grid_cells,
             (SELECT count(*) FROM grid_workers WHERE ${inDemo('community_code')})::int AS grid_workers,
             (SELECT count(*) FROM compounds WHERE ${inDemo('community_code')})::int AS compounds,
             (SELECT count(*) FROM volunteers WHERE code LIKE 'V2101%' AND ${inDemo('grid_code')})::int AS volunteers,
             (SELECT count(*) FROM volunteer_teams WHERE ${inDemo('substr(watch_post_code, 3)')})::int AS volunteer_teams,
             (SELECT count(*) FROM incidents WHERE code LIKE 'E20%' AND ${inDemo('district_code')})::int AS incidents`);
    const sites = await rows<{ kind: string; n: number }>(`
      SELECT kind, count(*)::int AS n FROM sites WHERE ${inDemo('district_code')} AND synthetic GROUP BY kind`);
    const expected = { ...SMALL_EXPECTED };
    expect({ ...counts, ...Object.fromEntries(sites.map((s) => [s.kind, s.n])) }).toEqual(expected);
  });

  it('marks everything below district level synthetic and attributes the district boundaries to AMap', async () => {
    const result = await one<{ real: number; districts: string[] }>(`
      SELECT ((SELECT count(*) FROM streets WHERE ${inDemo('code')} AND NOT synthetic)
            + (SELECT count(*) FROM communities WHERE ${inDemo('code')} AND NOT synthetic)
            + (SELECT count(*) FROM grid_cells WHERE ${inDemo('code')} AND NOT synthetic)
            + (SELECT count(*) FROM sites WHERE ${inDemo('district_code')} AND NOT synthetic))::int AS real,
             (SELECT array_agg(DISTINCT source) FROM districts WHERE ${inDemo('code')}) AS districts`);
    expect(result.real).toBe(0);
    expect(result.districts).toHaveLength(1);
    expect(result.districts[0]).toMatch(/AMap \(高德\), for demonstration/);
  });
});

describe('demo city: incidents', () => {
  it('reproduces the preventable-case changes year on year exactly (−10.3%, −54.9%, −48.4%)', async () => {
    const years = await rows<{ year: number; n: number }>(`
      SELECT extract(year FROM i.reported_at AT TIME ZONE 'Asia/Shanghai')::int AS year, count(*)::int AS n
        FROM incidents i JOIN incident_categories c ON c.code = i.category
       WHERE c."group" = 'preventable' AND i.code LIKE 'E20%' AND ${inDemo('i.district_code')}
       GROUP BY 1 ORDER BY 1`);
    const n = Object.fromEntries(years.map((y) => [y.year, y.n]));
    const change = (a: number, b: number) => Math.round((n[b] / n[a] - 1) * 1000) / 10;
    // the demo runs from 2017 up to the moment it was seeded (tests/setup/prepare.ts: the start of this run)
    const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    expect(Object.keys(n)).toEqual(Array.from({ length: thisYear - 2016 }, (_, i) => String(2017 + i)));
    expect([change(2017, 2018), change(2018, 2019), change(2019, 2020)]).toEqual([-10.3, -54.9, -48.4]);
  });

  it('resolves at least 95% of accepted disputes, typed by justice-bureau dispute types', async () => {
    const disputes = await one<{ accepted: number; resolved: number; untyped: number; neighbour: number }>(`
      SELECT count(*)::int AS accepted, count(*) FILTER (WHERE resolved)::int AS resolved,
             count(*) FILTER (WHERE dispute_type IS NULL)::int AS untyped,
             count(*) FILTER (WHERE dispute_type = 'neighbour')::int AS neighbour
        FROM incidents WHERE category = 'dispute' AND status <> 'rejected' AND code LIKE 'E20%' AND ${inDemo('district_code')}`);
    expect(disputes.accepted).toBeGreaterThan(1000);
    expect(disputes.resolved / disputes.accepted).toBeGreaterThanOrEqual(0.95);
    expect(disputes.untyped).toBe(0);
    // 邻里 is the largest type nationally (≈23%)
    expect(disputes.neighbour / disputes.accepted).toBeGreaterThan(0.18);
  });

  it('places each incident in its grid with consistent area codes, denser where people live', async () => {
    const bad = await rows(`
      SELECT i.code FROM incidents i JOIN grid_cells g ON g.code = i.grid_code
       WHERE i.code LIKE 'E20%' AND ${inDemo('i.district_code')}
         AND (NOT ST_Contains(g.geom, i.geom) OR i.community_code <> g.parent_code
              OR i.street_code <> left(g.parent_code, 9) OR i.district_code <> left(g.parent_code, 6))
       LIMIT 5`);
    expect(bad).toEqual([]);
    // 沈河 (60 km², dense) against 康平 (2,167 km², rural): far more incidents per km² in the city
    const density = await rows<{ code: string; per_km2: number }>(`
      SELECT d.code, count(i.*) / (ST_Area(d.geom::geography) / 1e6) AS per_km2
        FROM districts d JOIN incidents i ON i.district_code = d.code AND i.code LIKE 'E20%'
       WHERE ${inDemo('d.code')} GROUP BY d.code, d.geom ORDER BY d.code`);
    expect(density[0]!.per_km2 / density[1]!.per_km2).toBeGreaterThan(20);
  });

  it('keeps statuses and timestamps plausible: mostly closed, some reworked or extended, time moving forward', async () => {
    const s = await one<Record<string, number>>(`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE status IN ('closed', 'evaluated'))::int AS closed,
             count(*) FILTER (WHERE rework_count > 0)::int AS reworked,
             count(*) FILTER (WHERE extended)::int AS extended,
             count(*) FILTER (WHERE reported_at < occurred_at OR dispatched_at < reported_at OR closed_at < dispatched_at)::int AS backwards,
             count(*) FILTER (WHERE status IN ('closed', 'evaluated') AND closed_at IS NULL)::int AS closed_without_time
        FROM incidents WHERE code LIKE 'E20%' AND ${inDemo('district_code')}`);
    expect(s.closed / s.total).toBeGreaterThan(0.95);
    expect(s.reworked).toBeGreaterThan(0);
    expect(s.extended).toBeGreaterThan(0);
    expect(s.backwards).toBe(0);
    expect(s.closed_without_time).toBe(0);
  });
});
