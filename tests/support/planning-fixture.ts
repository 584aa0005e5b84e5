/**
 * A small synthetic district for planning tests (codes 9701xx, around 125.0–125.12°E 40.50–40.56°N,
 * away from the demo city and the other fixtures): 2 streets × 2 communities × 4 grids, 6 compounds
 * per community at seeded random positions, mediation points in three communities, a mediation room
 * serving the fourth, watch posts in two. Inserted by a test file and removed again.
 */
import type { Database } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { removeDistricts } from './areas.ts';

export const PLAN = { district: '970100', streets: ['970100001', '970100002'] } as const;
export const PLAN_BOUNDS = { west: 125.0, south: 40.5, east: 125.12, north: 40.56 };
type Box = [number, number, number, number];

export function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const polygon = ([w, s, e, n]: Box) =>
  JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    ],
  });
const split = ([w, s, e, n]: Box, columns: number, rows: number): Box[] => {
  const out: Box[] = [];
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < columns; c++) {
      const dx = (e - w) / columns,
        dy = (n - s) / rows;
      out.push([w + c * dx, n - (r + 1) * dy, w + (c + 1) * dx, n - r * dy]);
    }
  return out;
};

export interface PlanFixture {
  communities: { code: string; box: Box }[];
  grids: { code: string; box: Box }[];
  compounds: { code: string; community: string; households: number; population: number; lon: number; lat: number }[];
  sites: { code: string; kind: string; community: string; lon: number; lat: number }[];
}

/** The fixture's rows, computed (deterministic). */
export function planFixture(): PlanFixture {
  const random = seeded(9701);
  const fixture: PlanFixture = { communities: [], grids: [], compounds: [], sites: [] };
  const { west, south, east, north } = PLAN_BOUNDS;
  split([west, south, east, north], 2, 1).forEach((streetBox, s) =>
    split(streetBox, 1, 2).forEach((box, c) => {
      const code = `${PLAN.streets[s]}00${c + 1}`;
      fixture.communities.push({ code, box });
      split(box, 2, 2).forEach((g, i) => fixture.grids.push({ code: `${code}0${i + 1}`, box: g }));
      for (let i = 1; i <= 6; i++) {
        const lon = box[0] + (box[2] - box[0]) * (0.05 + 0.9 * random());
        const lat = box[1] + (box[3] - box[1]) * (0.05 + 0.9 * random());
        const households = 100 + Math.floor(random() * 800);
        fixture.compounds.push({ code: `${code}C00${i}`, community: code, households, population: Math.round(households * 2.6), lon, lat });
      }
      const [cx, cy] = [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
      const n = fixture.communities.length;
      if (n !== 4) fixture.sites.push({ code: `PL-MP-${code}`, kind: 'mediation_point', community: code, lon: cx + 0.004 * n, lat: cy - 0.002 * n });
      if (n % 2 === 1) fixture.sites.push({ code: `PL-WP-${code}`, kind: 'watch_post', community: code, lon: cx - 0.01, lat: cy + 0.004 });
    }),
  );
  // a mediation room in community 3 that also serves community 4 (which has no point of its own)
  const c3 = fixture.communities[2]!;
  fixture.sites.push({ code: 'PL-MR-1', kind: 'mediation_room', community: c3.code, lon: c3.box[2] - 0.003, lat: c3.box[1] + 0.003 });
  return fixture;
}

/**
 * Inserts the fixture in one transaction, removing leftovers first.
 *
 * @example
 * beforeAll(() => insertPlanFixture(database)); afterAll(() => removePlanFixture(database));
 */
export async function insertPlanFixture(database: Database): Promise<PlanFixture> {
  await removePlanFixture(database);
  const fixture = planFixture();
  await withTransaction(database, async (client) => {
    const area = (p: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${p}), 4326))`;
    const point = (x: string, y: string) => `ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326)`;
    const { west, south, east, north } = PLAN_BOUNDS;
    await client.query(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom)
      VALUES ($1, '规划测试区', '2023', true, 'test', '970000', ${area('$2')})`,
      [PLAN.district, polygon([west, south, east, north])],
    );
    for (const [s, box] of split([west, south, east, north], 2, 1).entries()) {
      await client.query(
        `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
        VALUES ($1, $2, '2023', true, 'test', $3, 'subdistrict', ${area('$4')})`,
        [PLAN.streets[s], `规划测试街道${s + 1}`, PLAN.district, polygon(box)],
      );
    }
    for (const [i, c] of fixture.communities.entries()) {
      await client.query(
        `INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
        VALUES ($1, $2, '2023', true, 'test', $3, 'community', ${area('$4')})`,
        [c.code, `规划测试社区${i + 1}`, c.code.slice(0, 9), polygon(c.box)],
      );
    }
    for (const [i, g] of fixture.grids.entries()) {
      await client.query(
        `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, households, population, geom)
        VALUES ($1, $2, '2023', true, 'test', $3, 'general', $4, $5, ${area('$6')})`,
        [g.code, `规划测试网格${i + 1}`, g.code.slice(0, 12), 300 + i * 10, 800 + i * 20, polygon(g.box)],
      );
    }
    for (const c of fixture.compounds) {
      await client.query(
        `INSERT INTO compounds (code, name, community_code, households, population, synthetic, source, geom)
        VALUES ($1, $2, $3, $4, $5, true, 'test', ${point('$6', '$7')})`,
        [c.code, `规划小区${c.code.slice(-4)}`, c.community, c.households, c.population, c.lon, c.lat],
      );
    }
    for (const s of fixture.sites) {
      await client.query(
        `INSERT INTO sites (code, kind, name, district_code, street_code, community_code, synthetic, source, geom)
        VALUES ($1, $2, $3, $4, $5, $6, true, 'test', ${point('$7', '$8')})`,
        [s.code, s.kind, `规划测试${s.code}`, PLAN.district, s.community.slice(0, 9), s.community, s.lon, s.lat],
      );
    }
    await client.query(`INSERT INTO site_served_communities (site_code, community_code) VALUES ('PL-MR-1', $1)`, [fixture.communities[3]!.code]);
  });
  return fixture;
}

/** Removes everything the fixture (and tests using it) inserted, children first. */
export async function removePlanFixture(database: Database): Promise<void> {
  await withTransaction(database, async (client) => {
    await client.query(`DELETE FROM incidents WHERE code LIKE 'PL-INC-%'`);
    await client.query(`DELETE FROM sites WHERE code LIKE 'PL-%'`);
    await removeDistricts((text, values) => client.query(text, values), ['970100']);
  });
}
