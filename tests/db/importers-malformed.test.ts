import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cityItems, cityUpTo, featureCollection, importerTestContext, snapshot, square } from '../support/importers.ts';
import { ImportError, importFile, importFiles, type ImportEntity } from '../../geodata/importers/index.ts';

const { database, files } = importerTestContext();

const district = { code: '219901', name: '测试区', code_vintage: '2023', source: 'test', parent_code: '219900' };
const streetHeader = 'code,name,code_vintage,source,parent_code,kind,wkt';
const streetWkt = '"POLYGON((121 45, 121.05 45, 121.05 45.05, 121 45.05, 121 45))"';

interface Expected {
  line?: number;
  featureIndex?: number;
  field?: string;
  reason: RegExp;
}

/**
 * Runs a load that must fail: the error names the file, the position and the field (as properties and in the
 * message), and the database — every domain table's row count and every data version — is unchanged.
 */
async function expectRejected(items: { entity: ImportEntity; file: string }[], bad: string, expected: Expected) {
  const before = await snapshot(database);
  const error = await importFiles(database, items).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  const importError = error as ImportError;
  expect(importError.file).toBe(bad);
  expect(importError.message.startsWith(`${bad}: `)).toBe(true);
  expect(importError.line).toBe(expected.line);
  expect(importError.featureIndex).toBe(expected.featureIndex);
  expect(importError.field).toBe(expected.field);
  if (expected.line !== undefined) expect(importError.message).toContain(`line ${expected.line}`);
  if (expected.featureIndex !== undefined) expect(importError.message).toContain(`features[${expected.featureIndex}]`);
  if (expected.field !== undefined) expect(importError.message).toContain(`field "${expected.field}"`);
  expect(importError.reason).toMatch(expected.reason);
  expect(await snapshot(database)).toEqual(before);
  return importError;
}

describe('importers: malformed files change nothing and say where', () => {
  it('bad JSON: names the line of the syntax error', async () => {
    const text = JSON.stringify(featureCollection({ properties: district, geometry: square(121, 45, 0.1) }), null, 2);
    const bad = files.write('truncated.geojson', text.slice(0, text.length - 40));
    await expectRejected([{ entity: 'districts', file: bad }], bad, { line: text.slice(0, text.length - 40).split('\n').length, reason: /not valid JSON/ });
  });

  it('not a FeatureCollection', async () => {
    const bad = files.write('feature.geojson', { type: 'Feature', properties: district, geometry: square(121, 45, 0.1) });
    await expectRejected([{ entity: 'districts', file: bad }], bad, { field: 'type', reason: /expected a GeoJSON FeatureCollection, got type "Feature"/ });
  });

  it('missing required property', async () => {
    const { name: _name, ...nameless } = district;
    const bad = files.write(
      'nameless.geojson',
      featureCollection(
        { properties: { ...district, code: '219902' }, geometry: square(121, 45, 0.1) },
        { properties: nameless, geometry: square(121, 45, 0.1) },
      ),
    );
    await expectRejected([{ entity: 'districts', file: bad }], bad, { featureIndex: 1, field: 'name', reason: /is required/ });
  });

  it('missing required CSV column in the header', async () => {
    const bad = files.write('no-kind.csv', `code,name,code_vintage,source,parent_code,wkt\n219901001,街,2023,test,219901,${streetWkt}\n`);
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: bad }], bad, { line: 1, field: 'kind', reason: /required column is missing/ });
  });

  it('wrong geometry type', async () => {
    const bad = files.write(
      'line.geojson',
      featureCollection({
        properties: district,
        geometry: {
          type: 'LineString',
          coordinates: [
            [121, 45],
            [121.1, 45.1],
          ],
        },
      }),
    );
    await expectRejected([{ entity: 'districts', file: bad }], bad, {
      featureIndex: 0,
      field: 'geometry',
      reason: /expected a Polygon or MultiPolygon geometry, got "LineString"/,
    });
    const point = files.write(
      'polygon-site.geojson',
      featureCollection({ properties: { code: 'WP2199', kind: 'watch_post', name: 'x', source: 't' }, geometry: square(121, 45, 0.1) }),
    );
    await expectRejected([{ entity: 'sites', file: point }], point, { featureIndex: 0, field: 'geometry', reason: /expected a Point geometry, got "Polygon"/ });
  });

  it('out-of-range coordinates (CSV lat, GeoJSON ring position)', async () => {
    const bad = files.write('sites.csv', 'code,kind,name,source,lon,lat\nWP2199001,watch_post,a,t,121,45\nWP2199002,watch_post,b,t,121,95\n');
    await expectRejected([{ entity: 'sites', file: bad }], bad, { line: 3, field: 'lat', reason: /latitude must be between -90 and 90, got "95"/ });
    const ring = square(121, 45, 0.1);
    ring.coordinates[0]![2] = [181, 45.1];
    const far = files.write('far.geojson', featureCollection({ properties: district, geometry: ring }));
    await expectRejected([{ entity: 'districts', file: far }], far, { featureIndex: 0, field: 'geometry', reason: /position 3: \[181, 45.1\] is outside/ });
  });

  it('unknown column (CSV header) and unknown property (GeoJSON)', async () => {
    const bad = files.write('colour.csv', `${streetHeader},colour\n219901001,街,2023,test,219901,subdistrict,${streetWkt},red\n`);
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: bad }], bad, { line: 1, field: 'colour', reason: /unknown column for streets/ });
    const extra = files.write(
      'extra.geojson',
      featureCollection(
        { properties: district, geometry: square(121, 45, 0.1) },
        { properties: { ...district, code: '219902', area_km2: 12 }, geometry: square(121, 45, 0.1) },
      ),
    );
    await expectRejected([{ entity: 'districts', file: extra }], extra, { featureIndex: 1, field: 'area_km2', reason: /unknown property for districts/ });
  });

  it('bad number', async () => {
    const bad = files.write(
      'compounds.csv',
      'code,name,community_code,households,population,source,lon,lat\n219901001001C001,小区,219901001001,many,10,t,121.005,45.01\n',
    );
    await expectRejected([...cityUpTo('communities'), { entity: 'compounds', file: bad }], bad, {
      line: 2,
      field: 'households',
      reason: /expected an integer, got "many"/,
    });
  });

  it('negative count (a CHECK constraint, reported before the database sees it)', async () => {
    const bad = files.write(
      'negative.csv',
      'code,name,community_code,households,population,source,lon,lat\n219901001001C001,小区,219901001001,-5,10,t,121.005,45.01\n',
    );
    await expectRejected([...cityUpTo('communities'), { entity: 'compounds', file: bad }], bad, { line: 2, field: 'households', reason: /must be ≥ 0/ });
  });

  it('bad boolean and bad date', async () => {
    const bad = files.write(
      'bool.csv',
      `code,name,code_vintage,source,parent_code,kind,synthetic,wkt\n219901001,街,2023,test,219901,subdistrict,yes,${streetWkt}\n`,
    );
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: bad }], bad, {
      line: 2,
      field: 'synthetic',
      reason: /expected true or false, got "yes"/,
    });
    const incidents = readFileSync(cityItems.at(-1)!.file, 'utf8').replace('2021-07-15T22:10:00Z', '2021-02-30T22:10:00Z');
    const date = files.write('incidents.csv', incidents);
    // the first record spans lines 2-3 (quoted newline), so the second record starts on line 4
    await expectRejected([...cityItems.slice(0, -1), { entity: 'incidents', file: date }], date, { line: 4, field: 'occurred_at', reason: /ISO-8601/ });
  });

  it('foreign key to a missing parent code (detected by the database, traced to the row)', async () => {
    const bad = files.write(
      'orphan.csv',
      `${streetHeader}\n219901001,街一,2023,test,219901,subdistrict,${streetWkt}\n219903001,街二,2023,test,219903,subdistrict,${streetWkt}\n`,
    );
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: bad }], bad, {
      line: 3,
      field: 'parent_code',
      reason: /parent_code "219903" does not exist in districts/,
    });
    const incidents = readFileSync(cityItems.at(-1)!.file, 'utf8').replace(',theft,', ',arson,');
    const category = files.write('category.csv', incidents);
    await expectRejected([...cityItems.slice(0, -1), { entity: 'incidents', file: category }], category, {
      line: 4,
      field: 'category',
      reason: /category "arson" does not exist in incident_categories/,
    });
  });

  it('duplicate code inside the file names both rows', async () => {
    const bad = files.write(
      'dup.csv',
      `${streetHeader}\n219901001,街一,2023,test,219901,subdistrict,${streetWkt}\n219901002,街二,2023,test,219901,subdistrict,${streetWkt}\n219901001,街三,2023,test,219901,subdistrict,${streetWkt}\n`,
    );
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: bad }], bad, {
      line: 4,
      field: 'code',
      reason: /duplicate code "219901001" \(also at line 2\)/,
    });
  });

  it('duplicate of a row already in the database', async () => {
    await importFile(database, 'districts', cityItems[0]!.file);
    const again = files.write(
      'again.geojson',
      featureCollection(
        { properties: { ...district, code: '219904' }, geometry: square(121, 45, 0.1) },
        { properties: district, geometry: square(121, 45, 0.1) },
      ),
    );
    await expectRejected([{ entity: 'districts', file: again }], again, {
      featureIndex: 1,
      field: 'code',
      reason: /code "219901" already exists in districts/,
    });
  });

  it('invalid polygon (self-intersecting bow tie) and unclosed ring', async () => {
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [121, 45],
          [121.1, 45.1],
          [121.1, 45],
          [121, 45.1],
          [121, 45],
        ],
      ],
    };
    const bad = files.write('bowtie.geojson', featureCollection({ properties: district, geometry: bowtie }));
    await expectRejected([{ entity: 'districts', file: bad }], bad, { featureIndex: 0, field: 'geometry', reason: /invalid polygon: Self-intersection/ });
    const open = files.write(
      'open.csv',
      `${streetHeader}\n219901001,街,2023,test,219901,subdistrict,"POLYGON((121 45, 121.05 45, 121.05 45.05, 121 45.05))"\n`,
    );
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: open }], open, { line: 2, field: 'wkt', reason: /not closed/ });
  });

  it('truncated CSV row and unterminated quote', async () => {
    const bad = files.write('short.csv', 'code,name,watch_post_code,synthetic,source\nT2199001,队一,,true,t\nT2199002,队二\n');
    await expectRejected([{ entity: 'volunteer_teams', file: bad }], bad, { line: 3, field: 'watch_post_code', reason: /row has 2 of 5 fields/ });
    const quote = files.write('quote.csv', 'code,name,watch_post_code,synthetic,source\nT2199001,"队一,,true,t\n');
    await expectRejected([{ entity: 'volunteer_teams', file: quote }], quote, { line: 2, reason: /malformed CSV: Quote Not Closed/ });
  });

  it('CHECK-mirrored rules: code must extend the parent code, kind from the list', async () => {
    const bad = files.write(
      'prefix.csv',
      `${streetHeader}\n219901001,街,2023,test,219901,subdistrict,${streetWkt}\n219902005,街,2023,test,219901,subdistrict,${streetWkt}\n`,
    );
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: bad }], bad, {
      line: 3,
      field: 'code',
      reason: /must start with parent_code "219901"/,
    });
    const kind = files.write('kind.csv', `${streetHeader}\n219901001,街,2023,test,219901,county,${streetWkt}\n`);
    await expectRejected([...cityUpTo('districts'), { entity: 'streets', file: kind }], kind, { line: 2, field: 'kind', reason: /subdistrict.*got "county"/ });
  });

  it('a failure in the last file rolls back every earlier file of the same load', async () => {
    const bad = files.write('volunteers.csv', 'code,name,team_code,source\nV2199000001,甲,T2199404,t\n');
    const error = await expectRejected([...cityItems.slice(0, -2), { entity: 'volunteers', file: bad }], bad, {
      line: 2,
      field: 'team_code',
      reason: /team_code "T2199404" does not exist in volunteer_teams/,
    });
    expect(error.message).toBe(`${bad}: line 2, field "team_code": team_code "T2199404" does not exist in volunteer_teams (import the parent rows first)`);
    expect((await database.pool.query(`SELECT count(*)::int AS n FROM districts WHERE code = '219901'`)).rows[0].n).toBe(0);
  });

  it('unsupported file type', async () => {
    const bad = files.write('districts.kml', '<kml/>');
    await expectRejected([{ entity: 'districts', file: bad }], bad, { reason: /unsupported file type ".kml"/ });
  });
});
