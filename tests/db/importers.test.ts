import { describe, expect, it } from 'vitest';
import gcoord from 'gcoord';
import { cityItems, cityUpTo, featureCollection, importerTestContext, removeTestRows, snapshot } from '../support/importers.ts';
import { importFile, importFiles, importEntities, importInTransaction } from '../../geodata/importers/index.ts';

const { database, files } = importerTestContext();

const one = async <T>(text: string, params: unknown[] = []) => (await database.pool.query(text, params)).rows[0] as T;

describe('importers: happy paths', () => {
  it('loads every entity of the fixture city in one transaction, GeoJSON and CSV alike', async () => {
    expect(cityItems.map((i) => i.entity)).toEqual([...importEntities]);
    const before = (await snapshot(database)) as { counts: Record<string, number>; versions: { layer: string; version: number }[] };
    const progress: string[] = [];
    const results = await importFiles(database, cityItems, { onProgress: (entity, done, total) => progress.push(`${entity} ${done}/${total}`) });

    expect(results.map((r) => [r.entity, r.rows])).toEqual([
      ['districts', 1],
      ['streets', 2],
      ['communities', 2],
      ['grid_workers', 2],
      ['grid_cells', 2],
      ['compounds', 1],
      ['sites', 2],
      ['site_served_communities', 2],
      ['volunteer_teams', 1],
      ['volunteers', 2],
      ['incidents', 2],
    ]);
    expect(progress).toContain('volunteers 2/2');
    const after = (await snapshot(database)) as typeof before;
    for (const r of results) expect(after.counts[r.entity]! - before.counts[r.entity]!).toBe(r.rows);
    // every versioned layer the import touched was bumped
    for (const layer of ['districts', 'streets', 'communities', 'grid_cells', 'compounds', 'sites', 'grid_workers', 'volunteers', 'incidents']) {
      const old = before.versions.find((v) => v.layer === layer)!.version;
      expect(after.versions.find((v) => v.layer === layer)!.version, layer).toBeGreaterThan(old);
    }
  });

  it('stores geometry as MultiPolygon/Point 4326 and applies column defaults', async () => {
    await importFiles(database, cityItems);
    const district = await one<Record<string, unknown>>(
      `SELECT name, synthetic, parent_code, GeometryType(geom) AS type, ST_SRID(geom) AS srid, round(ST_Area(geom)::numeric, 4) AS area
       FROM districts WHERE code = '219901'`,
    );
    expect(district).toEqual({ name: '测试区', synthetic: true, parent_code: '219900', type: 'MULTIPOLYGON', srid: 4326, area: 0.01 });
    // a POLYGON from a CSV wkt column is promoted to MultiPolygon
    const street = await one<{ type: string; wkt: string }>(`SELECT GeometryType(geom) AS type, ST_AsText(geom) AS wkt FROM streets WHERE code = '219901001'`);
    expect(street).toEqual({ type: 'MULTIPOLYGON', wkt: 'MULTIPOLYGON(((121 45,121.05 45,121.05 45.05,121 45.05,121 45)))' });
    // omitted `synthetic` falls back to the column default
    expect((await one<{ synthetic: boolean }>(`SELECT synthetic FROM communities WHERE code = '219901101201'`)).synthetic).toBe(false);
    const dedicated = await one(`SELECT kind, dedicated_type, households, population FROM grid_cells WHERE code = '21990100100102'`);
    expect(dedicated).toEqual({ kind: 'dedicated', dedicated_type: 'school', households: 0, population: 0 });
    const workers = await database.pool.query(`SELECT code, employment, phone, id_number FROM grid_workers WHERE code ~ '^W2199' ORDER BY code`);
    expect(workers.rows).toEqual([
      { code: 'W219901001001', employment: 'part_time', phone: '13800000000', id_number: null },
      { code: 'W219901101201', employment: 'full_time', phone: null, id_number: null },
    ]);
    const compound = await one(`SELECT households, ST_X(geom) AS lon, ST_Y(geom) AS lat, ST_SRID(geom) AS srid FROM compounds WHERE code = '219901001001C001'`);
    expect(compound).toEqual({ households: 420, lon: 121.005, lat: 45.01, srid: 4326 });
    const served = await database.pool.query(`SELECT community_code FROM site_served_communities WHERE site_code = 'MP219901001001' ORDER BY 1`);
    expect(served.rows.map((r) => r.community_code)).toEqual(['219901001001', '219901101201']);
  });

  it('reads CSV quoting, BOM, booleans, empty cells and timestamps as documented', async () => {
    await importFiles(database, cityItems);
    const volunteers = await database.pool.query(
      `SELECT code, name, phone, joined_on::text AS joined_on, synthetic FROM volunteers WHERE code ~ '^V2199' ORDER BY code`,
    );
    expect(volunteers.rows).toEqual([
      { code: 'V2199010000001', name: '王测试', phone: '13900000000', joined_on: '2019-05-04', synthetic: true },
      { code: 'V2199010000002', name: '赵, 测试', phone: null, joined_on: null, synthetic: true },
    ]);
    const incident = await one<Record<string, unknown>>(
      `SELECT description, resolved, rework_count, extended, dispute_type,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS occurred,
              to_char(dispatched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS dispatched,
              to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS due,
              to_char(closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS closed,
              updated_at > now() - interval '1 hour' AS fresh
       FROM incidents WHERE code = 'E219901-0001'`,
    );
    expect(incident).toEqual({
      description: '邻里噪音纠纷\n(两行描述)',
      resolved: true,
      rework_count: 0,
      extended: false,
      dispute_type: 'neighbour',
      occurred: '2020-03-01T00:30',
      dispatched: '2020-03-01T10:00',
      // no offset given → China Standard Time
      due: '2020-03-07T16:00',
      closed: '2020-03-02T04:00',
      fresh: true,
    });
    const second = await one(`SELECT resolved, rework_count, idempotency_key FROM incidents WHERE code = 'E219901-0002'`);
    expect(second).toEqual({ resolved: null, rework_count: 0, idempotency_key: 'idem-219901-2' });
  });

  it('imports point entities from GeoJSON and attribute-only entities from GeoJSON with null geometry', async () => {
    await importFiles(database, cityUpTo('volunteer_teams'));
    const incidents = files.write(
      'incidents.geojson',
      featureCollection({
        properties: {
          code: 'E219901-0100',
          category: 'fraud',
          status: 'registered',
          source: 'hotline',
          resolved: null,
          occurred_at: '2019-01-02T03:04:05Z',
          reported_at: '2019-01-02T05:00:00.250Z',
          synthetic: true,
        },
        geometry: { type: 'Point', coordinates: [121.011, 45.012] },
      }),
    );
    const volunteers = files.write(
      'volunteers.json',
      featureCollection({
        properties: { code: 'V2199010000100', name: '孙测试', team_code: 'T219901001001', joined_on: '2020-02-29', source: 'test' },
        geometry: null,
      }),
    );
    const results = await importFiles(database, [
      { entity: 'incidents', file: incidents },
      { entity: 'volunteers', file: volunteers },
    ]);
    expect(results.map((r) => r.rows)).toEqual([1, 1]);
    expect(
      await one(`SELECT ST_AsText(geom) AS wkt, reported_at = '2019-01-02T05:00:00.250Z'::timestamptz AS exact FROM incidents WHERE code = 'E219901-0100'`),
    ).toEqual({ wkt: 'POINT(121.011 45.012)', exact: true });
    expect(await one(`SELECT joined_on::text AS d FROM volunteers WHERE code = 'V2199010000100'`)).toEqual({ d: '2020-02-29' });
  });

  it('keeps quotes, backslashes, braces and NULL-like text intact', async () => {
    const awkward = `队 "A" \\ {x}, 'y' NULL \\" end\\`;
    const file = files.write(
      'teams.json',
      featureCollection(
        { properties: { code: 'T2199-awkward', name: awkward, source: 'NULL' }, geometry: null },
        { properties: { code: "T2199-'", name: '{}', source: ',' }, geometry: null },
      ),
    );
    await importFile(database, 'volunteer_teams', file);
    const rows = await database.pool.query(`SELECT code, name, source FROM volunteer_teams WHERE code ~ '^T2199' ORDER BY code`);
    expect(rows.rows).toEqual([
      { code: "T2199-'", name: '{}', source: ',' },
      { code: 'T2199-awkward', name: awkward, source: 'NULL' },
    ]);
  });

  it('replace: clears every domain table in the same transaction as the load', async () => {
    const before = await snapshot(database);
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      await importInTransaction(client, cityItems, { replace: true });
      const inside = await client.query(
        `SELECT (SELECT array_agg(code ORDER BY code) FROM districts) AS districts, (SELECT count(*)::int FROM volunteers) AS volunteers,
                (SELECT count(*)::int FROM incidents) AS incidents, (SELECT min(id)::int FROM incidents) AS first_id`,
      );
      // only the fixture city is left, and ids restart
      expect(inside.rows[0]).toEqual({ districts: ['219901'], volunteers: 2, incidents: 2, first_id: 1 });
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(await snapshot(database)).toEqual(before);
  });

  it('importFile loads a single file in its own transaction', async () => {
    const result = await importFile(database, 'districts', cityItems[0]!.file);
    expect(result).toMatchObject({ entity: 'districts', file: cityItems[0]!.file, rows: 1 });
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(await one(`SELECT count(*)::int AS n FROM districts WHERE code = '219901'`)).toEqual({ n: 1 });
  });
});

describe('importers: coordinate systems', () => {
  // A known WGS-84 spot in Shenyang (中街), shifted into each CRS and imported back.
  const original: [number, number] = [123.4626, 41.7985];
  const distance = async (code: string) =>
    (
      await one<{ m: number }>(`SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS m FROM sites WHERE code = $3`, [
        original[0],
        original[1],
        code,
      ])
    ).m;

  it('converts GCJ-02 GeoJSON to WGS-84 within 1 m of the original', async () => {
    await importFiles(database, cityUpTo('communities'));
    const shifted = gcoord.transform(original, gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const file = files.write(
      'sites-gcj.geojson',
      featureCollection({
        properties: { code: 'WP219901000900', kind: 'watch_post', name: 'GCJ', source: 'test' },
        geometry: { type: 'Point', coordinates: shifted },
      }),
    );
    await importFile(database, 'sites', file, { crs: 'gcj02' });
    expect(await distance('WP219901000900')).toBeLessThan(1);
    // the uncorrected position would be hundreds of metres off
    await removeTestRows(database);
    await importFiles(database, [...cityUpTo('communities'), { entity: 'sites', file }]);
    expect(await distance('WP219901000900')).toBeGreaterThan(100);
  });

  it('converts BD-09 CSV lon/lat and polygons alike; cgcs2000 is identity', async () => {
    const shifted = gcoord.transform(original, gcoord.WGS84, gcoord.BD09) as [number, number];
    const csv = files.write('sites-bd.csv', `code,kind,name,source,lon,lat\nWP219901000901,watch_post,BD,test,${shifted[0]},${shifted[1]}\n`);
    await importFile(database, 'sites', csv, { crs: 'bd09' });
    expect(await distance('WP219901000901')).toBeLessThan(1);

    const ring = [
      [0, 0],
      [0.01, 0],
      [0.01, 0.01],
      [0, 0.01],
      [0, 0],
    ].map(([dx, dy]) => [original[0] + dx!, original[1] + dy!] as [number, number]);
    const gcjRing = ring.map((p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02));
    const district = files.write(
      'district-gcj.geojson',
      featureCollection({
        properties: { code: '219902', name: 'GCJ区', code_vintage: '2023', source: 'test', parent_code: '219900' },
        geometry: { type: 'Polygon', coordinates: [gcjRing] },
      }),
    );
    await importFile(database, 'districts', district, { crs: 'gcj02' });
    const corner = await one<{ m: number }>(
      `SELECT ST_Distance(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 3)::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS m
       FROM districts WHERE code = '219902'`,
      ring[2],
    );
    expect(corner.m).toBeLessThan(1);

    const same = files.write('sites-cgcs.csv', `code,kind,name,source,lon,lat\nWP219901000902,watch_post,CGCS,test,${original[0]},${original[1]}\n`);
    await importFile(database, 'sites', same, { crs: 'cgcs2000' });
    expect(await distance('WP219901000902')).toBeLessThan(0.001);
  });
});
