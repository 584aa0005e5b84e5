/**
 * A projected GeoJSON with a `crs` member, as GDAL and QGIS write it: the member is honoured when it names
 * an EPSG code the importer converts, `--crs` overrides it, and one it cannot convert is refused naming it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importerTestContext } from '../support/importers.ts';
import { importFile, ImportError } from '../../geodata/importers/index.ts';

const { database, files } = importerTestContext();
const fixtures = path.resolve('tests/fixtures/import/crs');
const fixture = (name: string) => path.join(fixtures, name);
const source = JSON.stringify({
  type: 'Polygon',
  coordinates: [
    [
      [123.401, 41.801],
      [123.419, 41.801],
      [123.419, 41.819],
      [123.401, 41.819],
      [123.401, 41.801],
    ],
  ],
});

/** Metres between the imported district and the lon/lat square the fixture was made from. */
async function landedError(): Promise<number> {
  const { rows } = await database.pool.query(
    `SELECT ST_HausdorffDistance(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) * 111320 AS m FROM districts WHERE code = '219981'`,
    [source],
  );
  expect(rows).toHaveLength(1);
  return Number(rows[0].m);
}

/** The fixture with its member renamed (other spellings of the same code). */
const withMember = (name: string) => {
  const data = JSON.parse(readFileSync(fixture('districts-epsg4499.geojson'), 'utf8'));
  data.crs.properties.name = name;
  return files.write(`member-${name.replace(/\W+/g, '_')}.geojson`, data);
};

describe('GeoJSON crs member', () => {
  it('reprojects a file in EPSG:4499 declared by its urn member, within 1 m', async () => {
    const result = await importFile(database, 'districts', fixture('districts-epsg4499.geojson'));
    expect(result.rows).toBe(1);
    expect(await landedError()).toBeLessThan(1);
    const { rows } = await database.pool.query(`SELECT name, source FROM districts WHERE code = '219981'`);
    expect(rows[0]).toEqual({ name: '测试新区（甲）', source: '测试 EPSG:4499' });
  });

  it('reads the EPSG:4499 and OGC URI spellings too', async () => {
    for (const name of ['EPSG:4499', 'http://www.opengis.net/def/crs/EPSG/0/4499']) {
      await importFile(database, 'districts', withMember(name));
      expect(await landedError(), name).toBeLessThan(1);
      await database.pool.query(`DELETE FROM districts WHERE code = '219981'`);
    }
  });

  it('lets --crs override a wrong member, and without it names the member in the error', async () => {
    const wrong = fixture('districts-wrong-member.geojson');
    const error = await importFile(database, 'districts', wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toMatch(/features\[0\], field "geometry": .*EPSG:4499 \(declared by the GeoJSON crs member\).*--crs EPSG/);
    expect((await database.pool.query(`SELECT 1 FROM districts WHERE code = '219981'`)).rows).toHaveLength(0);
    await importFile(database, 'districts', wrong, { crs: 'EPSG:4529' });
    expect(await landedError()).toBeLessThan(1);
  });

  it('refuses a member naming a code it cannot convert, naming the crs field and the way out', async () => {
    await expect(importFile(database, 'districts', withMember('urn:ogc:def:crs:EPSG::2383'))).rejects.toThrow(
      /field "crs": unsupported CRS "urn:ogc:def:crs:EPSG::2383".*--crs EPSG:<code> overrides/,
    );
  });
});
