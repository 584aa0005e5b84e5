/**
 * A tiny synthetic area tree for incident/KPI/live tests, with codes (970101, 970102: city prefix 9701) and coordinates
 * (lon 126.0–126.2, lat 41.0) away from the demo city and the other fixtures:
 *
 *   970101 ─ 970101001 ─ 970101001001 ─ G1 97010100100101 (126.00–126.01 × 41.00–41.01)
 *          │           │              └ G2 97010100100102 (126.00–126.01 × 41.01–41.02)  shares an edge with G1
 *          │           └ 970101001002 ─ G3 97010100100201 (126.01–126.02 × 41.00–41.02)
 *          └ 970101002 ─ 970101002001 ─ G4 97010100200101 (126.02–126.04 × 41.00–41.02)
 *   970102 ─ 970102001 ─ 970102001001 ─ G5 97010200100101 (126.10–126.12 × 41.00–41.02)
 */
import type { Database } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { removeDistricts } from './areas.ts';

export const F = {
  d1: '970101',
  d2: '970102',
  s1: '970101001',
  s2: '970101002',
  s3: '970102001',
  c1: '970101001001',
  c2: '970101001002',
  c3: '970101002001',
  c4: '970102001001',
  g1: '97010100100101',
  g2: '97010100100102',
  g3: '97010100100201',
  g4: '97010100200101',
  g5: '97010200100101',
};
/** A point inside each grid, and one on the G1/G2 edge. */
export const P = {
  g1: { lon: 126.005, lat: 41.005 },
  g2: { lon: 126.005, lat: 41.015 },
  g3: { lon: 126.015, lat: 41.01 },
  g4: { lon: 126.03, lat: 41.01 },
  g5: { lon: 126.11, lat: 41.01 },
  edge12: { lon: 126.005, lat: 41.01 },
  outside: { lon: 126.5, lat: 41.5 },
};
export const workerC1 = 'IF-GW-C1';

const box = (w: number, s: number, e: number, n: number) => `ST_Multi(ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;

/** Removes every fixture row (and incidents/live events in the fixture's districts). */
export async function removeIncidentFixture(database: Database): Promise<void> {
  await removeDistricts((text, values) => database.pool.query(text, values), [F.d1, F.d2]);
}

/** Inserts the fixture areas in one transaction, removing leftovers first. */
export async function insertIncidentFixture(database: Database): Promise<void> {
  await removeIncidentFixture(database);
  await withTransaction(database, async (client) => {
    const common = `'2023', true, 'test'`;
    await client.query(`INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom) VALUES
      ('${F.d1}', '事件测试区甲', ${common}, '970100', ${box(126.0, 41.0, 126.04, 41.02)}),
      ('${F.d2}', '事件测试区乙', ${common}, '970100', ${box(126.1, 41.0, 126.12, 41.02)})`);
    await client.query(`INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES
      ('${F.s1}', '测试街道一', ${common}, '${F.d1}', 'subdistrict', ${box(126.0, 41.0, 126.02, 41.02)}),
      ('${F.s2}', '测试街道二', ${common}, '${F.d1}', 'subdistrict', ${box(126.02, 41.0, 126.04, 41.02)}),
      ('${F.s3}', '测试街道三', ${common}, '${F.d2}', 'town', ${box(126.1, 41.0, 126.12, 41.02)})`);
    await client.query(`INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES
      ('${F.c1}', '测试社区一', ${common}, '${F.s1}', 'community', ${box(126.0, 41.0, 126.01, 41.02)}),
      ('${F.c2}', '测试社区二', ${common}, '${F.s1}', 'community', ${box(126.01, 41.0, 126.02, 41.02)}),
      ('${F.c3}', '测试社区三', ${common}, '${F.s2}', 'community', ${box(126.02, 41.0, 126.04, 41.02)}),
      ('${F.c4}', '测试村四', ${common}, '${F.s3}', 'village', ${box(126.1, 41.0, 126.12, 41.02)})`);
    await client.query(`INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, worker_code, geom) VALUES
      ('${F.g1}', '网格一', ${common}, '${F.c1}', 'general', '${workerC1}', ${box(126.0, 41.0, 126.01, 41.01)}),
      ('${F.g2}', '网格二', ${common}, '${F.c1}', 'general', '${workerC1}', ${box(126.0, 41.01, 126.01, 41.02)}),
      ('${F.g3}', '网格三', ${common}, '${F.c2}', 'general', NULL, ${box(126.01, 41.0, 126.02, 41.02)}),
      ('${F.g4}', '网格四', ${common}, '${F.c3}', 'general', NULL, ${box(126.02, 41.0, 126.04, 41.02)}),
      ('${F.g5}', '网格五', ${common}, '${F.c4}', 'general', NULL, ${box(126.1, 41.0, 126.12, 41.02)})`);
    await client.query(`INSERT INTO grid_workers (code, name, phone, community_code, synthetic, source)
      VALUES ('${workerC1}', '测试网格员', '13900000001', '${F.c1}', true, 'test')`);
    // a department to dispatch to (dispatch checks the departments table); kept across runs, like a registry row
    await client.query(`INSERT INTO departments (code, name, categories, synthetic, source)
      VALUES ('区城管局', '区城管局', '{city_management,environment}', true, 'test') ON CONFLICT (code) DO NOTHING`);
  });
}
