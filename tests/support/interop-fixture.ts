/**
 * A small synthetic city for the interoperability tests (OGC API, Open311, exports), with codes 9601xx
 * ("A") and 9602xx ("B") and coordinates (lon 125.00–125.06, lat 42.00–42.02) away from the demo
 * city and the other fixtures:
 *
 *   960100 ─ 960100001 ─ 960100001001 ─ GA1 96010000100101 (125.00–125.01 × 42.00–42.02)
 *                                     └ GA2 96010000100102 (125.01–125.02 × 42.00–42.02)
 *   960200 ─ 960200001 ─ 960200001201 ─ GB1 96020000120101 (125.05–125.06 × 42.00–42.02)
 *
 * Two compounds, two sites (with a contact that must never be served), one incident per grid with
 * a clear reporter name/phone.
 */
import type { Database } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { removeDistricts } from './areas.ts';

export const IA = { district: '960100', street: '960100001', community: '960100001001' };
export const IB = { district: '960200', street: '960200001', community: '960200001201' };
export const igrids = { a1: '96010000100101', a2: '96010000100102', b1: '96020000120101' };
export const ipoints = { a1: [125.005, 42.01], a2: [125.015, 42.01], b1: [125.055, 42.01], outside: [125.3, 42.5] } as const;
export const iincidents = { a1: 'IO-INC-A1', a2: 'IO-INC-A2', b1: 'IO-INC-B1' };
export const iclear = { names: ['欧阳互通甲', '欧阳互通乙', '欧阳互通丙'], phones: ['13700960101', '13700960102', '13700960201'], contact: '司马联络人' };

const box = (w: number, e: number) => `ST_Multi(ST_MakeEnvelope(${w}, 42.0, ${e}, 42.02, 4326))`;
const common = `'2023', true, 'test'`;

/** Removes every fixture row, incidents created inside the fixture's districts included. */
export async function removeInteropFixture(database: Database): Promise<void> {
  await database.pool.query(`DELETE FROM incidents WHERE code LIKE 'IO-INC-%'`);
  await database.pool.query(`DELETE FROM sites WHERE code LIKE 'IO-S-%'`);
  await removeDistricts((text, values) => database.pool.query(text, values), [IA.district, IB.district]);
}

/** Inserts the fixture in one transaction, removing leftovers first. */
export async function insertInteropFixture(database: Database): Promise<void> {
  await removeInteropFixture(database);
  await withTransaction(database, async (client) => {
    await client.query(`INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom) VALUES
      ('${IA.district}', '互通测试区甲', ${common}, '960000', ${box(125.0, 125.02)}),
      ('${IB.district}', '互通测试县乙', ${common}, '960000', ${box(125.05, 125.06)})`);
    await client.query(`INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES
      ('${IA.street}', '互通街道', ${common}, '${IA.district}', 'subdistrict', ${box(125.0, 125.02)}),
      ('${IB.street}', '互通镇', ${common}, '${IB.district}', 'town', ${box(125.05, 125.06)})`);
    await client.query(`INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES
      ('${IA.community}', '互通社区', ${common}, '${IA.street}', 'community', ${box(125.0, 125.02)}),
      ('${IB.community}', '互通村', ${common}, '${IB.street}', 'village', ${box(125.05, 125.06)})`);
    await client.query(`INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, households, population, geom) VALUES
      ('${igrids.a1}', '互通网格一', ${common}, '${IA.community}', 'general', 320, 900, ${box(125.0, 125.01)}),
      ('${igrids.a2}', '互通网格二', ${common}, '${IA.community}', 'general', 410, 1100, ${box(125.01, 125.02)}),
      ('${igrids.b1}', '互通网格三', ${common}, '${IB.community}', 'general', 280, 700, ${box(125.05, 125.06)})`);
    await client.query(`INSERT INTO compounds (code, name, community_code, households, population, synthetic, source, geom) VALUES
      ('${IA.community}C001', '互通小区', '${IA.community}', 300, 850, true, 'test', ST_SetSRID(ST_MakePoint(125.004, 42.004), 4326)),
      ('${IB.community}C001', '互通新村', '${IB.community}', 200, 600, true, 'test', ST_SetSRID(ST_MakePoint(125.054, 42.004), 4326))`);
    await client.query(`INSERT INTO sites (code, kind, name, district_code, street_code, community_code, contact_name, contact_phone, synthetic, source, geom) VALUES
      ('IO-S-A1', 'mediation_point', '互通评理说事点', '${IA.district}', '${IA.street}', '${IA.community}', '${iclear.contact}', '13700969999', true, 'test', ST_SetSRID(ST_MakePoint(125.006, 42.006), 4326)),
      ('IO-S-B1', 'watch_post', '互通守望岗', '${IB.district}', '${IB.street}', '${IB.community}', '${iclear.contact}', '13700969998', true, 'test', ST_SetSRID(ST_MakePoint(125.056, 42.006), 4326))`);
    for (const [i, key] of (['a1', 'a2', 'b1'] as const).entries()) {
      const grid = igrids[key];
      const [lon, lat] = ipoints[key];
      await client.query(
        `INSERT INTO incidents (code, category, status, source, description, reporter_name, reporter_phone, occurred_at, reported_at,
           grid_code, community_code, street_code, district_code, synthetic, geom, closed_at)
         VALUES ($1, $2, $3, 'public', $4, $5, $6, $7, $7, $8, left($8, 12), left($8, 9), left($8, 6), true,
           ST_SetSRID(ST_MakePoint($9, $10), 4326), $11)`,
        [
          iincidents[key],
          i === 1 ? 'fire_hazard' : 'city_management',
          i === 1 ? 'closed' : 'dispatched',
          `测试事件${i}`,
          iclear.names[i],
          iclear.phones[i],
          new Date(Date.now() - (i + 1) * 86_400_000),
          grid,
          lon,
          lat,
          i === 1 ? new Date() : null,
        ],
      );
    }
  });
}
