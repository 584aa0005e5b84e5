/**
 * Bytes that are not valid in the declared encoding (issue #13, item 10). GBK names read as UTF-8 used to
 * become U+FFFD with exit 0; now the import stops at the line or feature and field, shows the bytes, says
 * what GBK reads in them, and writes nothing. CSV (declared and sniffed), Shapefile (.cpg) and GeoJSON.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import iconv from 'iconv-lite';
import { importerTestContext, snapshot } from '../support/importers.ts';
import { gdal, hasGdal } from '../support/gdal.ts';
import { importFile, ImportError, type ImportEntity, type ImportOptions } from '../../geodata/importers/index.ts';

const { database, files } = importerTestContext();

const header = 'code,kind,name,address,source,lon,lat';
const row = (code: string, name: string) => `${code},watch_post,${name},测试路1号,test,123.41234,41.80765`;
const gbk = (text: string) => iconv.encode(text, 'gbk');

/** The import must fail with an ImportError at `where`, and the database must be unchanged. */
async function rejected(entity: ImportEntity, file: string, options: ImportOptions = {}): Promise<ImportError> {
  const before = await snapshot(database);
  const error = await importFile(database, entity, file, options).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect(await snapshot(database)).toEqual(before);
  return error as ImportError;
}

describe('imports: bytes the declared encoding cannot read are an error, not U+FFFD', () => {
  it('CSV with --encoding utf-8 holding GBK: names line and field, shows the bytes and the GBK reading', async () => {
    const file = path.join(files.dir, 'gbk-as-utf8.csv');
    writeFileSync(file, Buffer.concat([Buffer.from(`${header}\n${row('WP219983001', '好名字')}\n`), gbk(`${row('WP219983002', '沈阳守望岗')}\n`)]));
    const error = await rejected('sites', file, { encoding: 'utf-8' });
    expect({ line: error.line, field: error.field }).toEqual({ line: 3, field: 'name' });
    expect(error.message).toContain('gbk-as-utf8.csv: line 3, field "name": bytes C9 F2 D1 F4');
    expect(error.reason).toMatch(/not valid UTF-8 \(--encoding utf-8\); read as GBK they are "沈阳守望岗": the file is GBK — import it with --encoding gbk/);
    expect(error.message).not.toContain('\ufffd');
  });

  it('CSV detected as UTF-8 from its first megabyte, with a GBK row further down', async () => {
    const file = path.join(files.dir, 'late-gbk.csv');
    const filler = Array.from({ length: 12_000 }, (_, i) => row(`WP2199830${String(10_000 + i)}`, `name-${'x'.repeat(80)}`)).join('\n');
    writeFileSync(file, Buffer.concat([Buffer.from(`${header}\n${filler}\n`), gbk(`${row('WP219983999', '和平区')}\n`)]));
    const error = await rejected('sites', file);
    expect({ line: error.line, field: error.field }).toEqual({ line: 12_002, field: 'name' });
    expect(error.reason).toMatch(/not valid UTF-8 \(detected from the first megabyte\); read as GBK they are "和平区"/);
  });

  it('CSV with --encoding gbk holding bytes GBK cannot decode', async () => {
    const file = path.join(files.dir, 'broken-gbk.csv');
    writeFileSync(
      file,
      Buffer.concat([gbk(`${header}\n${row('WP219983003', '好')}\n`), Buffer.from('WP219983004,watch_post,\x81\x7f,x,test,123.4,41.8\n', 'latin1')]),
    );
    const error = await rejected('sites', file, { encoding: 'gbk' });
    expect({ line: error.line, field: error.field }).toEqual({ line: 3, field: 'name' });
    expect(error.reason).toMatch(/holds bytes that are not valid GBK \(--encoding gbk/);
  });

  it('GeoJSON (UTF-8 by definition) holding GBK: names the feature and property', async () => {
    const feature = (name: string) =>
      `{"type":"Feature","properties":{"code":"WP219983005","kind":"watch_post","name":"${name}","source":"test"},"geometry":{"type":"Point","coordinates":[123.4,41.8]}}`;
    const file = path.join(files.dir, 'gbk.geojson');
    writeFileSync(file, Buffer.concat([Buffer.from('{"type":"FeatureCollection","features":['), gbk(feature('浑南')), Buffer.from(']}')]));
    const error = await rejected('sites', file);
    expect({ featureIndex: error.featureIndex, field: error.field }).toEqual({ featureIndex: 0, field: 'name' });
    expect(error.reason).toMatch(/not valid UTF-8 \(GeoJSON is UTF-8\); read as GBK they are "浑南": the file is GBK — convert it to UTF-8/);
  });

  it.skipIf(!hasGdal)('Shapefile whose .cpg says UTF-8 but whose attributes are GBK', async () => {
    const src = files.write('shp-src.geojson', {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'WP219983006', kind: 'watch_post', name: '沈河守望岗', source: 'test' },
          geometry: { type: 'Point', coordinates: [123.4, 41.8] },
        },
      ],
    });
    const dir = path.join(files.dir, 'shp');
    mkdirSync(dir);
    const result = await gdal('ogr2ogr', ['-f', 'ESRI Shapefile', '-lco', 'ENCODING=CP936', path.join(dir, 'sites.shp'), src]);
    expect(result.code, result.output).toBe(0);
    writeFileSync(path.join(dir, 'sites.cpg'), 'UTF-8');
    const zip = new JSZip();
    for (const name of readdirSync(dir)) zip.file(name, readFileSync(path.join(dir, name)));
    const file = path.join(files.dir, 'sites-cpg.zip');
    writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const error = await rejected('sites', file);
    expect({ featureIndex: error.featureIndex, field: error.field }).toEqual({ featureIndex: 0, field: 'name' });
    expect(error.reason).toMatch(/not valid UTF-8 \(the \.cpg says "UTF-8"\); read as GBK they are "沈河守望岗"/);
    // with the right encoding the same file loads
    await importFile(database, 'sites', file, { encoding: 'gbk' });
    expect((await database.pool.query(`SELECT name FROM sites WHERE code = 'WP219983006'`)).rows).toEqual([{ name: '沈河守望岗' }]);
  });
});
