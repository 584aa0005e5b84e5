/**
 * The places gazetteer (#16.1): `import places` from GeoJSON and CSV (points and lines), found by the
 * search in Chinese and pinyin at once; bad files refused with the row and field named, nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectTestDatabase } from '../support/database.ts';
import { ImportError } from '../../geodata/importers/index.ts';
import { importPlaces } from '../../geodata/places/import.ts';
import { searchPlaces } from '../../db/queries/search.ts';
import { refreshSearchIndex } from '../../db/queries/search-index.ts';

const database = connectTestDatabase();
const dir = mkdtempSync(path.join(tmpdir(), 'places-'));
// a district of its own (code 990300, far from the demo city and the other fixtures)
const box = { w: 124.8, s: 40.5, e: 124.9, n: 40.6 };
const file = (name: string, text: string) => {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
};
const count = async () => (await database.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM places WHERE code LIKE 'TP-%'`)).rows[0]!.n;

async function refused(target: string): Promise<ImportError> {
  const before = await count();
  const error = await importPlaces(database, target).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect(await count()).toBe(before);
  return error as ImportError;
}

beforeAll(async () => {
  await database.pool.query(`DELETE FROM places WHERE code LIKE 'TP-%'`);
  await database.pool.query(`DELETE FROM districts WHERE code = '990300'`);
  await database.pool.query(
    `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom)
     VALUES ('990300', '地名测试区', '2023', true, 'test', '990000', ST_Multi(ST_MakeEnvelope($1, $2, $3, $4, 4326)))`,
    [box.w, box.s, box.e, box.n],
  );
});

afterAll(async () => {
  await database.pool.query(`DELETE FROM places WHERE code LIKE 'TP-%'`);
  await database.pool.query(`DELETE FROM districts WHERE code = '990300'`);
  await refreshSearchIndex(database);
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('import places', () => {
  it('loads lines and points from GeoJSON and CSV, and the search finds them by Chinese and pinyin', async () => {
    const geojson = file(
      'places.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: 'TP-1', name: '测地中街', kind: 'street', synthetic: true, source: 'test' },
            geometry: {
              type: 'LineString',
              coordinates: [
                [124.81, 40.55],
                [124.89, 40.55],
              ],
            },
          },
          {
            type: 'Feature',
            properties: { code: 'TP-2', name: '测地钟楼', kind: 'landmark', source: 'test' },
            geometry: { type: 'Point', coordinates: [124.85, 40.56] },
          },
        ],
      }),
    );
    expect((await importPlaces(database, geojson)).rows).toBe(2);
    const csv = file(
      'places.csv',
      'code,name,kind,source,lon,lat,wkt\nTP-3,测地花园,compound,test,124.82,40.52,\nTP-4,测地北路,road,test,,,"LINESTRING(124.85 40.51, 124.85 40.59)"\n',
    );
    expect((await importPlaces(database, csv)).rows).toBe(2);
    const rows = await database.pool.query(`SELECT code, kind, district_code, GeometryType(geom) AS type FROM places WHERE code LIKE 'TP-%' ORDER BY code`);
    expect(rows.rows).toEqual([
      { code: 'TP-1', kind: 'street', district_code: '990300', type: 'LINESTRING' },
      { code: 'TP-2', kind: 'landmark', district_code: '990300', type: 'POINT' },
      { code: 'TP-3', kind: 'compound', district_code: '990300', type: 'POINT' },
      { code: 'TP-4', kind: 'road', district_code: '990300', type: 'LINESTRING' },
    ]);
    const chinese = await searchPlaces(database, '测地中街', 20);
    expect(chinese[0]).toMatchObject({ kind: 'place', code: 'TP-1', subkind: 'street', context: '地名测试区', match: 'name' });
    expect(chinese[0]!.bbox).toEqual([124.81, 40.55, 124.89, 40.55]);
    const pinyin = await searchPlaces(database, 'cedizhongjie', 20);
    expect(pinyin.map((hit) => hit.code)).toContain('TP-1');
    // a corrected file updates the row of the same code instead of failing or duplicating
    await importPlaces(database, file('fix.csv', 'code,name,kind,source,lon,lat\nTP-2,测地新钟楼,landmark,test,124.86,40.56\n'));
    expect((await searchPlaces(database, '测地新钟楼', 5))[0]).toMatchObject({ code: 'TP-2' });
    expect(await count()).toBe(4);
  });

  it('refuses bad rows naming the line or feature and the field, writing nothing', async () => {
    const header = 'code,name,kind,source,lon,lat\n';
    let error = await refused(file('kind.csv', `${header}TP-9,甲街,street,test,124.85,40.55\nTP-10,乙街,alley,test,124.85,40.55\n`));
    expect(error).toMatchObject({ line: 3, field: 'kind' });
    expect(error.message).toMatch(/kind.*must be one of street, road, landmark, compound, other/);
    error = await refused(file('name.csv', `${header}TP-9,,street,test,124.85,40.55\n`));
    expect(error).toMatchObject({ line: 2, field: 'name' });
    error = await refused(file('lat.csv', `${header}TP-9,甲街,street,test,124.85,north\n`));
    expect(error).toMatchObject({ line: 2, field: 'lat' });
    error = await refused(file('twice.csv', `${header}TP-9,甲街,street,test,124.85,40.55\nTP-9,乙街,street,test,124.86,40.55\n`));
    expect(error).toMatchObject({ line: 3, field: 'code' });
    expect(error.message).toContain('also at line 2');
    error = await refused(file('column.csv', 'code,name,kind,source,lon,lat,colour\nTP-9,甲街,street,test,124.85,40.55,red\n'));
    expect(error).toMatchObject({ line: 2, field: 'colour' });
    error = await refused(file('outside.csv', `${header}TP-9,甲街,street,test,124.85,40.55\nTP-10,远街,street,test,100.0,30.0\n`));
    expect(error).toMatchObject({ line: 3, field: 'geometry' });
    expect(error.message).toMatch(/远街.*km outside the city/);
    const polygon = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'TP-9', name: '甲区', kind: 'other', source: 'test' }, geometry: { type: 'Polygon', coordinates: [] } },
      ],
    };
    error = await refused(file('polygon.geojson', JSON.stringify(polygon)));
    expect(error).toMatchObject({ featureIndex: 0, field: 'geometry' });
    expect(error.message).toContain('expected a Point, LineString or MultiLineString');
    const short = { ...polygon, features: [{ ...polygon.features[0], geometry: { type: 'LineString', coordinates: [[124.85, 40.55]] } }] };
    error = await refused(file('short.geojson', JSON.stringify(short)));
    expect(error.message).toContain('a line needs at least 2 positions');
  });
});
