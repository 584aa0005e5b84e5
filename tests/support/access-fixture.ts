/**
 * Two small synthetic districts for access tests (codes 9801xx = "A", 9802xx = "B", away from the
 * demo city and from the map fixture): A has one street, communities A1 and A2, grids A1-01, A2-01
 * and A2-02 (A2-02 is assigned to the A1 worker: "own grid outside own community"); B has one of
 * each. One incident per grid, a grid worker per community, a volunteer in A1 and B1, with clear
 * personal values the tests then look for in every response.
 */
import type { Database } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { removeDistricts } from './areas.ts';

export const A = { district: '980100', street: '980100001', community1: '980100001001', community2: '980100001002' };
/** the fixture's one gazetteer place, a road in district A */
export const accessPlace = 'AX-PL-ROAD';
export const B = { district: '980200', street: '980200001', community1: '980200001001' };
export const grids = { a1: '98010000100101', a2: '98010000100201', a2b: '98010000100202', b1: '98020000100101' };
export const workers = { a1: 'AX-GW-A1', a2: 'AX-GW-A2', b1: 'AX-GW-B1' };
export const incidentOf = (grid: keyof typeof grids) => `AX-INC-${grid.toUpperCase()}`;

/** Clear personal values in the fixture; no API response may contain them (except reveal). */
export const clearValues = {
  names: ['欧阳测试甲', '欧阳测试乙', '欧阳测试丙', '欧阳测试丁'],
  phones: ['13900980101', '13900980102', '13900980103', '13900980201'],
  idNumbers: ['980100199001011234', '980100199002021234', '980200199003031234'],
};

const box = (i: number) => {
  const [w, s] = [124.0 + i * 0.01, 40.0];
  return JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [w, s],
          [w + 0.01, s],
          [w + 0.01, s + 0.01],
          [w, s + 0.01],
          [w, s],
        ],
      ],
    ],
  });
};
const area = (p: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${p}), 4326))`;

/** Inserts the fixture in one transaction, removing leftovers first. */
export async function insertAccessFixture(database: Database): Promise<void> {
  await removeAccessFixture(database);
  await withTransaction(database, async (client) => {
    const q = (text: string, values: unknown[]) => client.query(text, values);
    for (const [i, d] of [A.district, B.district].entries()) {
      await q(
        `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom)
               VALUES ($1, $2, '2023', true, 'test', '980000', ${area('$3')})`,
        [d, `权限测试区${i}`, box(i * 10)],
      );
    }
    for (const [i, [street, district]] of [
      [A.street, A.district],
      [B.street, B.district],
    ].entries()) {
      await q(
        `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
               VALUES ($1, $2, '2023', true, 'test', $3, 'subdistrict', ${area('$4')})`,
        [street, `权限测试街道${i}`, district, box(i * 10)],
      );
    }
    const communities = [A.community1, A.community2, B.community1];
    for (const [i, community] of communities.entries()) {
      await q(
        `INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
               VALUES ($1, $2, '2023', true, 'test', $3, 'community', ${area('$4')})`,
        [community, `权限测试社区${i}`, community.slice(0, 9), box(i)],
      );
    }
    const workerRows = [
      [workers.a1, A.community1, 0],
      [workers.a2, A.community2, 1],
      [workers.b1, B.community1, 2],
    ] as const;
    for (const [code, community, i] of workerRows) {
      await q(
        `INSERT INTO grid_workers (code, name, phone, id_number, community_code, synthetic, source)
               VALUES ($1, $2, $3, $4, $5, true, 'test')`,
        [code, clearValues.names[i], clearValues.phones[i], clearValues.idNumbers[i], community],
      );
    }
    const gridRows = [
      [grids.a1, workers.a1],
      [grids.a2, workers.a2],
      [grids.a2b, workers.a1],
      [grids.b1, workers.b1],
    ] as const;
    for (const [i, [grid, worker]] of gridRows.entries()) {
      await q(
        `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, worker_code, geom)
               VALUES ($1, $2, '2023', true, 'test', $3, 'general', $4, ${area('$5')})`,
        [grid, `权限测试网格${i}`, grid.slice(0, 12), worker, box(i)],
      );
    }
    for (const [i, key] of (Object.keys(grids) as (keyof typeof grids)[]).entries()) {
      const grid = grids[key];
      await q(
        `INSERT INTO incidents (code, category, status, source, reporter_name, reporter_phone, occurred_at, reported_at,
                 grid_code, community_code, street_code, district_code, synthetic, geom)
               VALUES ($1, 'dispute', 'reported', 'public', $2, $3, now(), now(), $4, $5, $6, $7, true,
                 ST_SetSRID(ST_MakePoint($8, 40.005), 4326))`,
        [incidentOf(key), clearValues.names[i], clearValues.phones[i], grid, grid.slice(0, 12), grid.slice(0, 9), grid.slice(0, 6), 124.005 + i * 0.01],
      );
    }
    for (const [code, grid, i] of [
      ['AX-V-A1', grids.a1, 0],
      ['AX-V-B1', grids.b1, 3],
    ] as const) {
      await q(`INSERT INTO volunteers (code, name, phone, grid_code, synthetic, source) VALUES ($1, $2, $3, $4, true, 'test')`, [
        code,
        clearValues.names[i],
        clearValues.phones[i],
        grid,
      ]);
    }
    // a gazetteer road through district A (places have no foreign key to the districts)
    await q(
      `INSERT INTO places (code, name, kind, district_code, synthetic, source, geom)
       VALUES ($1, '权限测试路', 'road', $2, true, 'test', ST_SetSRID(ST_MakeLine(ST_MakePoint(124.001, 40.004), ST_MakePoint(124.009, 40.004)), 4326))`,
      [accessPlace, A.district],
    );
  });
}

/** Removes everything the fixture inserted, children first. */
export async function removeAccessFixture(database: Database): Promise<void> {
  await withTransaction(database, async (client) => {
    // also incidents that tests reported inside the fixture (their codes are generated)
    await client.query(`DELETE FROM incidents WHERE code LIKE 'AX-INC-%'`);
    await client.query(`DELETE FROM volunteers WHERE code LIKE 'AX-V-%'`);
    await client.query(`DELETE FROM grid_workers WHERE code LIKE 'AX-GW-%'`);
    await client.query(`DELETE FROM places WHERE code = $1`, [accessPlace]);
    await removeDistricts((text, values) => client.query(text, values), ['980100', '980200']);
  });
}
