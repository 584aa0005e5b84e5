/**
 * A tiny synthetic area for map tests, away from the demo city (codes 9901xx, around 124.6°E 41.1°N):
 * one district, 2 streets, 4 communities, 16 grid cells, compounds, sites, a grid worker and
 * volunteers. Inserted by a test file and removed again, so the shared demo city stays unchanged.
 */
import type { Database } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { removeDistricts } from './areas.ts';

export const FIXTURE_DISTRICT = '990100';
export const FIXTURE_BOUNDS = { west: 124.5, south: 41.0, east: 124.7, north: 41.16 };

type Box = [number, number, number, number];
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
  const boxes: Box[] = [];
  for (let row = 0; row < rows; row++)
    for (let column = 0; column < columns; column++) {
      const dx = (e - w) / columns;
      const dy = (n - s) / rows;
      // north → south, west → east, like the grid numbering rule
      boxes.push([w + column * dx, n - (row + 1) * dy, w + (column + 1) * dx, n - row * dy]);
    }
  return boxes;
};

export interface FixtureGrid {
  code: string;
  name: string;
  box: Box;
  center: [number, number];
}

/** Grid cells of the fixture, for tests that click or count. */
export function fixtureGrids(): FixtureGrid[] {
  const { west, south, east, north } = FIXTURE_BOUNDS;
  const grids: FixtureGrid[] = [];
  split([west, south, east, north], 2, 1).forEach((streetBox, s) =>
    split(streetBox, 1, 2).forEach((communityBox, c) =>
      split(communityBox, 2, 2).forEach((box, g) => {
        const code = `${FIXTURE_DISTRICT}00${s + 1}00${c + 1}0${g + 1}`;
        grids.push({ code, name: `测试网格${s + 1}-${c + 1}-${g + 1}`, box, center: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] });
      }),
    ),
  );
  return grids;
}

/**
 * Inserts the fixture in one transaction (removing any leftover first).
 *
 * @example
 * beforeAll(() => insertMapFixture(database)); afterAll(() => removeMapFixture(database));
 */
export async function insertMapFixture(database: Database): Promise<void> {
  await removeMapFixture(database);
  const { west, south, east, north } = FIXTURE_BOUNDS;
  await withTransaction(database, async (client) => {
    const q = (text: string, values: unknown[]) => client.query(text, values);
    const area = `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))`;
    await q(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom)
             VALUES ($1, $2, '2023', true, 'test', $3, ${area})`,
      [FIXTURE_DISTRICT, '测试区', '990000', polygon([west, south, east, north])],
    );
    for (const [s, streetBox] of split([west, south, east, north], 2, 1).entries()) {
      const street = `${FIXTURE_DISTRICT}00${s + 1}`;
      await q(
        `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
               VALUES ($1, $2, '2023', true, 'test', $3, 'subdistrict', ${area})`,
        [street, `测试街道${s + 1}`, FIXTURE_DISTRICT, polygon(streetBox)],
      );
      for (const [c, communityBox] of split(streetBox, 1, 2).entries()) {
        const community = `${street}00${c + 1}`;
        await q(
          `INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
                 VALUES ($1, $2, '2023', true, 'test', $3, 'community', ${area})`,
          [community, `测试社区${s + 1}-${c + 1}`, street, polygon(communityBox)],
        );
        const [cx, cy] = [(communityBox[0] + communityBox[2]) / 2, (communityBox[1] + communityBox[3]) / 2];
        await q(
          `INSERT INTO compounds (code, name, community_code, households, population, synthetic, source, geom)
                 VALUES ($1, $2, $3, 400, 1000, true, 'test', ST_SetSRID(ST_MakePoint($4, $5), 4326))`,
          [`${community}C001`, `测试小区${s + 1}-${c + 1}`, community, cx + 0.001, cy + 0.001],
        );
        await q(
          `INSERT INTO sites (code, kind, name, district_code, street_code, community_code, synthetic, source, geom)
                 VALUES ($1, $2, $3, $4, $5, $6, true, 'test', ST_SetSRID(ST_MakePoint($7, $8), 4326))`,
          [`T-WP-${community}`, 'watch_post', `测试守望岗${s + 1}-${c + 1}`, FIXTURE_DISTRICT, street, community, cx, cy],
        );
        await q(
          `INSERT INTO grid_workers (code, name, phone, community_code, synthetic, source)
                 VALUES ($1, $2, $3, $4, true, 'test')`,
          [`T-GW-${community}`, `测试员${s + 1}${c + 1}`, `1380000${s}${c}123`, community],
        );
      }
    }
    for (const [index, grid] of fixtureGrids().entries()) {
      await q(
        `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, households, population, worker_code, geom)
               VALUES ($1, $2, '2023', true, 'test', $3, 'general', $5, $6, $7, ${area})`,
        [grid.code, grid.name, grid.code.slice(0, 12), polygon(grid.box), 100 + index, 250 + index, `T-GW-${grid.code.slice(0, 12)}`],
      );
      await q(
        `INSERT INTO volunteers (code, name, watch_post_code, grid_code, synthetic, source)
               SELECT 'T-V-' || $1 || '-' || n, '志愿者' || n, $2, $1, true, 'test' FROM generate_series(1, $3::int) n`,
        [grid.code, `T-WP-${grid.code.slice(0, 12)}`, 1 + (index % 3)],
      );
    }
  });
}

/**
 * `count` incidents spread over the fixture's grid cells, one month apart from 2019-01, cycling
 * through three categories and two statuses (removed with the fixture).
 *
 * @example
 * await insertFixtureIncidents(database, 12);
 */
export async function insertFixtureIncidents(database: Database, count: number, gridCode?: string): Promise<void> {
  await database.pool.query(
    `INSERT INTO incidents (code, category, status, source, occurred_at, reported_at, grid_code, community_code, street_code, district_code, synthetic, geom)
     SELECT 'T-INC-' || n, (ARRAY['theft','dispute','fire_hazard'])[1 + n % 3], (ARRAY['reported','closed'])[1 + n % 2], 'grid_worker',
            make_timestamptz(2019 + (n / 3) / 12, 1 + (n / 3) % 12, 10, 12, 0, 0, 'Asia/Shanghai'),
            make_timestamptz(2019 + (n / 3) / 12, 1 + (n / 3) % 12, 10, 12, 0, 0, 'Asia/Shanghai'),
            g.code, left(g.code, 12), left(g.code, 9), left(g.code, 6), true,
            ST_PointOnSurface(g.geom)
     FROM generate_series(0, $1::int - 1) n
     JOIN LATERAL (SELECT code, geom FROM grid_cells WHERE code LIKE '${FIXTURE_DISTRICT}%' AND ($2::text IS NULL OR code = $2)
                   ORDER BY code OFFSET CASE WHEN $2::text IS NULL THEN n % 16 ELSE 0 END LIMIT 1) g ON true`,
    [count, gridCode ?? null],
  );
}

/** Removes everything the fixture inserted, children first. */
export async function removeMapFixture(database: Database): Promise<void> {
  await withTransaction(database, async (client) => {
    await client.query(`DELETE FROM incidents WHERE code LIKE 'T-INC-%'`);
    await client.query(`DELETE FROM volunteers WHERE code LIKE 'T-V-%'`);
    await client.query(`DELETE FROM grid_workers WHERE code LIKE 'T-GW-%'`);
    await client.query(`DELETE FROM sites WHERE code LIKE 'T-WP-%'`);
    await removeDistricts((text, values) => client.query(text, values), [FIXTURE_DISTRICT]);
  });
}
