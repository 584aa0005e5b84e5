import { afterAll, describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { coerceValue } from '../../geodata/importers/values.ts';
import { checkGeometry, pointFromColumns, polygonFromWkt, toWgs84 } from '../../geodata/importers/geometry.ts';
import { FieldProblem, ImportError } from '../../geodata/importers/errors.ts';
import { openReader, type SourceRecord } from '../../geodata/importers/readers/index.ts';
import { entitySpecs } from '../../geodata/importers/entities.ts';
import { scratchFiles } from '../support/importers.ts';

const files = scratchFiles();
afterAll(() => files.remove());

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof FieldProblem) return error;
    throw error;
  }
  throw new Error('expected a FieldProblem');
};

/** metres between two lon/lat points (haversine; fine at these distances) */
const metres = ([x1, y1]: number[], [x2, y2]: number[]) => {
  const rad = Math.PI / 180;
  const a = Math.sin(((y2! - y1!) * rad) / 2) ** 2 + Math.cos(y1! * rad) * Math.cos(y2! * rad) * Math.sin(((x2! - x1!) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a));
};

describe('value coercion', () => {
  it('reads CSV text and GeoJSON values into column types', () => {
    expect(coerceValue('integer', ' 42 ')).toBe(42);
    expect(coerceValue('integer', 7)).toBe(7);
    expect(coerceValue('boolean', 'TRUE')).toBe(true);
    expect(coerceValue('boolean', false)).toBe(false);
    expect(coerceValue('text', 210102)).toBe('210102');
    expect(coerceValue('date', '2020-02-29')).toBe('2020-02-29');
    expect(coerceValue('text', '')).toBeNull();
    expect(coerceValue('integer', null)).toBeNull();
  });

  it('reads ISO-8601 timestamps, local time meaning +08:00', () => {
    const utc = (text: string) => new Date(coerceValue('timestamp', text) as string).toISOString();
    expect(coerceValue('timestamp', '2020-03-01T08:30:00+08:00')).toBe('2020-03-01T08:30:00+08:00');
    expect(coerceValue('timestamp', '2020-03-01 08:30')).toBe('2020-03-01T08:30:00+08:00');
    expect(utc('2020-03-01 08:30')).toBe('2020-03-01T00:30:00.000Z');
    expect(utc('2020-03-01')).toBe('2020-02-29T16:00:00.000Z');
    expect(utc('2020-03-01T00:00:00.5Z')).toBe('2020-03-01T00:00:00.500Z');
    expect(utc('2020-03-01T00:00:00-0530')).toBe('2020-03-01T05:30:00.000Z');
    expect(coerceValue('timestamp', '2020-03-01T00:00:00+08')).toBe('2020-03-01T00:00:00+08:00');
  });

  it('rejects bad values quoting them', () => {
    expect(problem(() => coerceValue('integer', '4.5')).message).toBe('expected an integer, got "4.5"');
    expect(problem(() => coerceValue('integer', true)).message).toBe('expected an integer, got true');
    expect(problem(() => coerceValue('boolean', 'yes')).message).toBe('expected true or false, got "yes"');
    expect(problem(() => coerceValue('date', '2021-02-29')).message).toMatch(/YYYY-MM-DD, got "2021-02-29"/);
    expect(problem(() => coerceValue('timestamp', '2020-13-01T00:00:00Z')).message).toMatch(/ISO-8601/);
    expect(problem(() => coerceValue('timestamp', '01/03/2020')).message).toMatch(/ISO-8601/);
    expect(problem(() => coerceValue('timestamp', '2020-03-01T24:00:00Z')).message).toMatch(/ISO-8601/);
    expect(problem(() => coerceValue('timestamp', '2020-03-01T10:00:00+25:00')).message).toMatch(/ISO-8601/);
    // the canonical fast path checks the calendar too
    expect(coerceValue('timestamp', '2020-02-29T23:59:59.999+08:00')).toBe('2020-02-29T23:59:59.999+08:00');
    expect(problem(() => coerceValue('timestamp', '2021-02-29T10:00:00Z')).message).toMatch(/ISO-8601/);
    expect(problem(() => coerceValue('timestamp', '2021-04-31T10:00:00+08:00')).message).toMatch(/ISO-8601/);
    expect(problem(() => coerceValue('timestamp', '2021-04-30T10:60:00+08:00')).message).toMatch(/ISO-8601/);
    expect(problem(() => coerceValue('timestamp', '2021-04-30T10:00:00+16:00')).message).toMatch(/ISO-8601/);
    expect(problem(() => coerceValue('text', { a: 1 })).message).toBe('expected text, got {"a":1}');
  });
});

describe('geometry checks', () => {
  const ring = [
    [121, 45],
    [121.1, 45],
    [121.1, 45.1],
    [121, 45],
  ];

  it('promotes a Polygon to MultiPolygon and keeps a Point', () => {
    expect(checkGeometry({ type: 'Polygon', coordinates: [ring] }, 'MultiPolygon', null)).toEqual({ type: 'MultiPolygon', coordinates: [[ring]] });
    expect(checkGeometry({ type: 'Point', coordinates: [121, 45, 10] }, 'Point', null)).toEqual({ type: 'Point', coordinates: [121, 45] });
  });

  it('names what is wrong', () => {
    expect(problem(() => checkGeometry(null, 'Point', null)).message).toMatch(/is required/);
    expect(problem(() => checkGeometry({ type: 'MultiPoint', coordinates: [[1, 2]] }, 'Point', null)).message).toBe(
      'expected a Point geometry, got "MultiPoint"',
    );
    expect(problem(() => checkGeometry({ type: 'Polygon', coordinates: [ring.slice(0, 3)] }, 'MultiPolygon', null)).message).toMatch(
      /polygon 1 ring 1: needs at least 4/,
    );
    expect(problem(() => checkGeometry({ type: 'Polygon', coordinates: [[...ring.slice(0, 3), [121, 45.2]]] }, 'MultiPolygon', null)).message).toMatch(
      /not closed/,
    );
    expect(problem(() => checkGeometry({ type: 'Point', coordinates: [121, -91] }, 'Point', null)).message).toMatch(/outside/);
    expect(problem(() => checkGeometry({ type: 'Point', coordinates: ['121', 45] }, 'Point', null)).message).toMatch(/expected numbers/);
  });

  it('reads lon/lat cells and WKT, naming the cell', () => {
    expect(pointFromColumns('123.4', '41.8', null)).toEqual({ type: 'Point', coordinates: [123.4, 41.8] });
    const lon = problem(() => pointFromColumns('east', '41.8', null));
    expect([lon.field, lon.message]).toEqual(['lon', 'expected a number, got "east"']);
    expect(problem(() => pointFromColumns('123', '', null)).field).toBe('lat');
    expect(polygonFromWkt('SRID=4326;POLYGON((121 45, 121.1 45, 121.1 45.1, 121 45))', null).type).toBe('MultiPolygon');
    const bad = problem(() => polygonFromWkt('POLYGON((121 45, 121.1 45', null));
    expect([bad.field, bad.message]).toEqual(['wkt', 'not valid WKT: "POLYGON((121 45, 121.1 45"']);
    expect(problem(() => polygonFromWkt('POINT(121 45)', null)).message).toMatch(/expected a Polygon or MultiPolygon/);
  });

  it('converts GCJ-02 and BD-09 to WGS-84 within 1 m; WGS-84 and CGCS2000 are identity', () => {
    expect(toWgs84('wgs84')).toBeNull();
    expect(toWgs84('cgcs2000')).toBeNull();
    for (const original of [
      [123.4626, 41.7985],
      [122.6, 42.6],
      [123.0, 41.2],
    ] as [number, number][]) {
      const gcj = gcoord.transform(original, gcoord.WGS84, gcoord.GCJ02) as [number, number];
      const bd = gcoord.transform(original, gcoord.WGS84, gcoord.BD09) as [number, number];
      expect(metres(gcj, original)).toBeGreaterThan(100);
      expect(metres(toWgs84('gcj02')!(gcj), original)).toBeLessThan(1);
      expect(metres(toWgs84('bd09')!(bd), original)).toBeLessThan(1);
      // every position of a polygon is converted, not just the first
      const polygon = checkGeometry(
        { type: 'Polygon', coordinates: [[gcj, [gcj[0] + 0.01, gcj[1]], [gcj[0], gcj[1] + 0.01], gcj]] },
        'MultiPolygon',
        toWgs84('gcj02'),
      );
      const converted = polygon.coordinates as [number, number][][][];
      expect(metres(converted[0]![0]![0]!, original)).toBeLessThan(1);
      expect(metres(converted[0]![0]![1]!, original)).toBeGreaterThan(500);
      expect(converted[0]![0]![3]).toEqual(converted[0]![0]![0]);
    }
  });
});

describe('readers', () => {
  const collect = async (file: string) => {
    const reader = await openReader(file);
    const records: SourceRecord[] = [];
    for await (const record of reader.records) records.push(record);
    return { reader, records };
  };

  it('CSV: BOM, quoted newlines, blank lines, CRLF; positions are the starting line', async () => {
    const file = files.write('a.csv', '\ufeffcode,name\r\n1,"two\r\nlines"\r\n\r\n3,c\r\n');
    const { reader, records } = await collect(file);
    expect(reader.header?.names).toEqual(['code', 'name']);
    expect(reader.total).toBe(4);
    expect(records).toEqual([
      { position: { line: 2 }, properties: { code: '1', name: 'two\r\nlines' } },
      { position: { line: 5 }, properties: { code: '3', name: 'c' } },
    ]);
  });

  it('CSV: an empty file or a header without names is refused', async () => {
    await expect(openReader(files.write('empty.csv', ''))).rejects.toThrow(/empty.csv: line 1: the file is empty/);
    await expect(openReader(files.write('blank.csv', 'code,,name\n'))).rejects.toThrow(/line 1: header column 2 has no name/);
    await expect(openReader(files.write('twice.csv', 'code,code\n'))).rejects.toThrow(/line 1, field "code": column appears twice/);
  });

  it('GeoJSON: features by index, foreign CRS refused, bad features named', async () => {
    const good = files.write('g.geojson', { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { a: 1 }, geometry: null }] });
    expect((await collect(good)).records).toEqual([{ position: { featureIndex: 0 }, properties: { a: 1 }, geometry: null }]);
    const mercator = files.write('m.geojson', { type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'EPSG:2383' } }, features: [] });
    await expect(openReader(mercator)).rejects.toThrow(/field "crs": unsupported CRS "EPSG:2383"/);
    const notFeature = files.write('n.geojson', {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: {} },
        { type: 'Point', coordinates: [1, 2] },
      ],
    });
    const error = await collect(notFeature).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(`${notFeature}: features[1], field "type": expected a Feature, got "Point"`);
  });
});

describe('entity specs derived from the Drizzle tables', () => {
  it('lists the columns of each table, without serial ids and geometry', () => {
    expect(entitySpecs.sites.columns.map((c) => c.name)).toEqual([
      'code',
      'kind',
      'name',
      'address',
      'district_code',
      'street_code',
      'community_code',
      'contact_name',
      'contact_phone',
      'synthetic',
      'source',
    ]);
    expect(entitySpecs.sites.geometry).toBe('Point');
    expect(entitySpecs.grid_cells.geometry).toBe('MultiPolygon');
    expect(entitySpecs.volunteers.geometry).toBeNull();
    expect(entitySpecs.incidents.unique).toEqual([['code'], ['idempotency_owner', 'idempotency_key']]);
    expect(entitySpecs.site_served_communities.unique).toEqual([['site_code', 'community_code']]);
    const updatedAt = entitySpecs.incidents.columns.find((c) => c.name === 'updated_at')!;
    expect([updatedAt.kind, updatedAt.required, updatedAt.sqlFallback]).toEqual(['timestamp', false, 'now()']);
    expect(entitySpecs.grid_workers.columns.find((c) => c.name === 'employment')!.fallback).toBe('full_time');
    const incident = {
      code: 'E1',
      category: 'theft',
      status: 'closed',
      source: 'public',
      occurredAt: '2020-01-01T00:00:00Z',
      reportedAt: '2020-01-01T00:00:00Z',
    };
    expect(entitySpecs.incidents.schema.safeParse(incident).success).toBe(true);
    expect(entitySpecs.incidents.schema.safeParse({ ...incident, status: 'lost' }).success).toBe(false);
    expect(entitySpecs.incidents.schema.safeParse({ ...incident, reportedAt: undefined }).success).toBe(false);
  });
});
