/**
 * Error messages of damaged or mislabelled files (issue #13, item 14): a corrupt GeoPackage geometry, a
 * Shapefile whose .prj names the wrong coordinate system, and a "CSV" of random bytes each get a message
 * naming the feature or line and field, the coordinate system, and no terminal-flooding garbage.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { importerTestContext, snapshot } from '../support/importers.ts';
import { gdal, hasGdal } from '../support/gdal.ts';
import { importFile, ImportError, type ImportEntity } from '../../geodata/importers/index.ts';
import { loadSqlite } from '../../geodata/importers/readers/geopackage.ts';

const { database, files } = importerTestContext();

const site = { code: 'WP219984001', kind: 'watch_post', name: '测试岗', source: 'test' };
const siteSource = () =>
  files.write(`site-${Math.random().toString(36).slice(2)}.geojson`, {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: site, geometry: { type: 'Point', coordinates: [123.41234, 41.80765] } }],
  });

async function rejected(entity: ImportEntity, file: string): Promise<ImportError> {
  const before = await snapshot(database);
  const error = await importFile(database, entity, file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect(await snapshot(database)).toEqual(before);
  return error as ImportError;
}

async function ogr(args: string[]) {
  const result = await gdal('ogr2ogr', args);
  expect(result.code, result.output).toBe(0);
}

describe.skipIf(!hasGdal)('imports: damaged and mislabelled GIS files', () => {
  it('a truncated GeoPackage geometry names the feature and field instead of Node\'s "offset" error', async () => {
    const gpkg = path.join(files.dir, 'corrupt.gpkg');
    await ogr(['-f', 'GPKG', '-nln', 'sites', gpkg, siteSource()]);
    const SQL = await loadSqlite();
    const db = new SQL.Database(readFileSync(gpkg));
    for (const [name] of db.exec("SELECT name FROM sqlite_master WHERE type = 'trigger'")[0]?.values ?? []) db.run(`DROP TRIGGER "${String(name)}"`);
    db.run('UPDATE sites SET geom = substr(geom, 1, 20)');
    writeFileSync(gpkg, db.export());
    db.close();
    const error = await rejected('sites', gpkg);
    expect({ featureIndex: error.featureIndex, field: error.field }).toEqual({ featureIndex: 0, field: 'geom' });
    expect(error.reason).toMatch(/^damaged geometry: the WKB ends before its last coordinate \(a GeoPackage blob of 20 bytes/);
    expect(error.message).not.toMatch(/offset|out of range/);
  });

  it('a .prj of the wrong Gauss-Krüger zone names that coordinate system (was "expected numbers, got [null,null]")', async () => {
    const dir = path.join(files.dir, 'wrong-prj');
    mkdirSync(dir);
    await ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4499', path.join(dir, 'sites.shp'), siteSource()]);
    await ogr(['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4529', path.join(dir, 'zone41.shp'), siteSource()]);
    writeFileSync(path.join(dir, 'sites.prj'), readFileSync(path.join(dir, 'zone41.prj')));
    const zip = new JSZip();
    for (const name of readdirSync(dir).filter((n) => n.startsWith('sites.'))) zip.file(name, readFileSync(path.join(dir, name)));
    const file = path.join(files.dir, 'wrong-prj.zip');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const error = await rejected('sites', file);
    expect({ featureIndex: error.featureIndex, field: error.field }).toEqual({ featureIndex: 0, field: 'geometry' });
    expect(error.reason).toMatch(
      /^coordinates \[215\d{5}(\.\d+)?, 46\d{5}(\.\d+)?\] are not in the coordinate system "CGCS2000[^"]*41" \(declared by the \.prj\)/,
    );
    expect(error.reason).toContain('--crs EPSG:');
    expect(error.message).not.toContain('[null,null]');
  });
});

describe('imports: a binary file named .csv', () => {
  it('echoes at most a short, escaped excerpt of the garbage', async () => {
    let seed = 13;
    const bytes = Buffer.alloc(20_000, 0).map(() => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return (seed >> 16) & 0xff;
    });
    for (let i = 0; i < 6000; i++) if (bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x2c || bytes[i] === 0x22) bytes[i] = 0x41;
    const file = path.join(files.dir, 'random.csv');
    writeFileSync(file, bytes);
    const error = await rejected('sites', file);
    expect(error.message.length).toBeLessThan(800);
    // nothing a terminal would interpret: no control characters, no raw replacement characters
    const unprintable = [...error.message].filter(
      (ch) => (ch < ' ' && ch !== '\n') || (ch >= '\u007f' && ch <= '\u009f') || ch === '\ufffd' || ch === '\ufdd0',
    );
    expect(unprintable).toEqual([]);
    expect(error.message.startsWith(`${file}: line 1: `)).toBe(true);
    expect(error.reason).toMatch(/^not a readable CSV: it holds bytes that are not valid GBK \(detected from the first megabyte\)/);
  });
});
