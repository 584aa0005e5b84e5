/**
 * Imports of files as GIS staff get them: a zipped Shapefile in CGCS2000 / Gauss-Krüger zone 21
 * (EPSG:4499) with GBK attributes and a GeoPackage in a 3° zone (EPSG:4529), both written by GDAL
 * (ogr2ogr, as QGIS/ArcGIS users produce them), and Excel CSVs in GBK and UTF-8 with BOM. Each lands
 * within 1 m of the source coordinates with its Chinese names.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { importerTestContext, removeTestRows, snapshot } from '../support/importers.ts';
import { gdal, hasGdal } from '../support/gdal.ts';
import { importFile, ImportError } from '../../geodata/importers/index.ts';

const { database, files } = importerTestContext();

const ring = [
  [123.401, 41.801],
  [123.419, 41.801],
  [123.419, 41.819],
  [123.401, 41.819],
  [123.401, 41.801],
];
const district = { code: '219981', name: '测试新区（甲）', parent_code: '219900', code_vintage: '2023', synthetic: true, source: '测试 GBK' };
const site = { code: 'WP219981001', kind: 'watch_post', name: '平安守望岗·一号', address: '沈阳市测试路1号', source: 'test' };
const sitePoint = [123.41234, 41.80765];
const sourceGeoJson = (features: object[]) => ({ type: 'FeatureCollection', features });
const districtFeature = { type: 'Feature', properties: district, geometry: { type: 'Polygon', coordinates: [ring] } };
const siteFeature = { type: 'Feature', properties: site, geometry: { type: 'Point', coordinates: sitePoint } };

/** Metres between what landed and the source: the farthest vertex of the district and the site point. */
async function landedErrors(): Promise<{ name: string; polygonM: number; siteM: number; siteName: string }> {
  const source = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
  const result = await database.pool.query(
    `
    SELECT d.name, s.name AS "siteName",
      ST_HausdorffDistance(d.geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) * 111320 AS "polygonM",
      ST_Distance(s.geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS "siteM"
    FROM districts d, sites s WHERE d.code = $4 AND s.code = $5`,
    [source, sitePoint[0], sitePoint[1], district.code, site.code],
  );
  return result.rows[0];
}

async function ogr(out: string, input: object, args: string[]) {
  const src = files.write(`src-${path.basename(out)}.geojson`, sourceGeoJson([input]));
  const result = await gdal('ogr2ogr', [...args, out, src]);
  expect(result.code, result.output).toBe(0);
}

async function zipFolder(dir: string, base: string, skip: string[] = []): Promise<string> {
  const zip = new JSZip();
  for (const name of readdirSync(dir).filter((n) => n.startsWith(`${base}.`) && !skip.some((ext) => n.endsWith(ext)))) {
    zip.file(`数据/${name}`, readFileSync(path.join(dir, name)));
  }
  const file = path.join(files.dir, `${base}${skip.length ? '-bare' : ''}.zip`);
  writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
  return file;
}

describe.skipIf(!hasGdal)('imports of GDAL-written files', () => {
  it('imports a zipped Shapefile in EPSG:4499 with GBK attributes (.prj + .cpg honoured)', async () => {
    const dir = files.dir;
    await ogr(path.join(dir, 'districts.shp'), districtFeature, ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4499', '-lco', 'ENCODING=CP936']);
    await ogr(path.join(dir, 'sites.shp'), siteFeature, ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4499', '-lco', 'ENCODING=CP936']);
    expect(readFileSync(path.join(dir, 'districts.prj'), 'utf8')).toMatch(/Gauss|Transverse/i);
    expect(readFileSync(path.join(dir, 'districts.dbf')).includes(iconv.encode('测试新区', 'gbk'))).toBe(true);
    const result = await importFile(database, 'districts', await zipFolder(dir, 'districts'));
    expect(result.rows).toBe(1);
    await importFile(database, 'sites', await zipFolder(dir, 'sites'));
    const landed = await landedErrors();
    expect(landed).toMatchObject({ name: district.name, siteName: site.name });
    expect(landed.polygonM).toBeLessThan(1);
    expect(landed.siteM).toBeLessThan(1);
    const row = await database.pool.query('SELECT parent_code, code_vintage, synthetic, source FROM districts WHERE code = $1', [district.code]);
    expect(row.rows[0]).toEqual({ parent_code: '219900', code_vintage: '2023', synthetic: true, source: '测试 GBK' });
  });

  it('takes --crs EPSG:4499 and --encoding for a Shapefile without .prj and .cpg, and the .shp beside its sidecars', async () => {
    const dir = files.dir;
    await ogr(path.join(dir, 'bare.shp'), districtFeature, ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4499', '-lco', 'ENCODING=CP936']);
    const bare = await zipFolder(dir, 'bare', ['.prj', '.cpg']);
    await expect(importFile(database, 'districts', bare)).rejects.toThrow(/features\[0\], field "geometry": .*outside lon -180\.\.180/);
    await importFile(database, 'districts', bare, { crs: 'EPSG:4499', encoding: 'gbk' });
    expect((await database.pool.query('SELECT name FROM districts WHERE code = $1', [district.code])).rows).toEqual([{ name: district.name }]);
    await removeTestRows(database);
    await importFile(database, 'districts', path.join(dir, 'bare.shp'), { crs: 'EPSG:4499' });
    expect((await database.pool.query('SELECT name FROM districts WHERE code = $1', [district.code])).rows).toEqual([{ name: district.name }]);
  });

  it('imports from a GeoPackage in EPSG:4529 holding two layers, each by its entity name', async () => {
    const gpkg = path.join(files.dir, 'city.gpkg');
    await ogr(gpkg, districtFeature, ['-f', 'GPKG', '-t_srs', 'EPSG:4529', '-nln', 'districts']);
    await ogr(gpkg, siteFeature, ['-f', 'GPKG', '-t_srs', 'EPSG:4529', '-nln', 'sites', '-update']);
    await importFile(database, 'districts', gpkg);
    await importFile(database, 'sites', gpkg);
    const landed = await landedErrors();
    expect(landed).toMatchObject({ name: district.name, siteName: site.name });
    expect(landed.polygonM).toBeLessThan(1);
    expect(landed.siteM).toBeLessThan(1);
    await expect(importFile(database, 'streets', gpkg)).rejects.toThrow(/several feature tables \(districts, sites\) and none is named streets/);
  });
});

describe('imports of Excel CSVs', () => {
  const header = 'code,kind,name,address,source,lon,lat';
  const row = (code: string, name: string, lon = sitePoint[0], lat = sitePoint[1]) => `${code},watch_post,${name},"沈阳市测试路1号",test,${lon},${lat}`;

  it('reads GBK ("CSV") and UTF-8 with BOM ("CSV UTF-8"), CRLF lines, names intact', async () => {
    const gbk = path.join(files.dir, 'sites-gbk.csv');
    writeFileSync(gbk, iconv.encode(`${header}\r\n${row('WP219981001', '平安守望岗·一号')}\r\n${row('WP219981002', '评理说事点（甲）')}\r\n`, 'gbk'));
    const utf8 = files.write('sites-bom.csv', `\ufeff${header}\r\n${row('WP219981003', '综治中心·乙')}\r\n`);
    await importFile(database, 'sites', gbk);
    await importFile(database, 'sites', utf8);
    const names = await database.pool.query(`SELECT code, name, address FROM sites WHERE code LIKE 'WP219981%' ORDER BY code`);
    expect(names.rows.map((r) => r.name)).toEqual(['平安守望岗·一号', '评理说事点（甲）', '综治中心·乙']);
    expect(names.rows[0].address).toBe('沈阳市测试路1号');
  });

  it('reprojects lon/lat columns given in EPSG:4499 (values from PROJ)', async () => {
    const file = files.write('sites-4499.csv', `${header}\n${row('WP219981004', '投影坐标点', 21533243.906, 4629499.958)}\n`);
    await importFile(database, 'sites', file, { crs: 'EPSG:4499' });
    const result = await database.pool.query(
      `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(123.4, 41.8), 4326)::geography) AS m FROM sites WHERE code = 'WP219981004'`,
    );
    expect(result.rows[0].m).toBeLessThan(0.01);
  });

  it('names file, line and field of a bad GBK row and writes nothing', async () => {
    const before = await snapshot(database);
    const file = path.join(files.dir, 'bad-gbk.csv');
    writeFileSync(file, iconv.encode(`${header}\r\n${row('WP219981005', '好')}\r\n${row('WP219981006', '坏').replace(',watch_post,', ',岗亭,')}\r\n`, 'gbk'));
    const error = await importFile(database, 'sites', file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/bad-gbk\.csv: line 3, field "kind": .*岗亭/);
    expect(await snapshot(database)).toEqual(before);
  });

  it('refuses an unknown EPSG code and an unknown encoding, naming them', async () => {
    const file = files.write('sites-x.csv', `${header}\n${row('WP219981007', 'x')}\n`);
    await expect(importFile(database, 'sites', file, { crs: 'EPSG:2437' })).rejects.toThrow(/sites-x\.csv: field "crs": EPSG:2437 is not built in/);
    await expect(importFile(database, 'sites', file, { encoding: 'klingon' })).rejects.toThrow(/unknown text encoding "klingon"/);
  });
});
