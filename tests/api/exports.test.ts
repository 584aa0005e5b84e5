import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../server/app.ts';
import { maskName, maskPhone } from '../../server/access/mask.ts';
import { csvField } from '../../server/routes/exports/exports-formats.ts';
import { openGeoPackage } from '../../geodata/importers/readers/geopackage.ts';
import { importFile } from '../../geodata/importers/index.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { scratchFiles } from '../support/importers.ts';
import { gdal, hasGdal } from '../support/gdal.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { IA, iclear, igrids, iincidents, insertInteropFixture, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const files = scratchFiles();
let commanderA: TestAccount;
const box = 'bbox=125,42,125.06,42.02';

beforeAll(async () => {
  await insertInteropFixture(database);
  commanderA = await createAccount(database, { role: 'commander', scopeCode: IA.district }, 'export');
});
afterAll(async () => {
  await removeAccounts(database, [commanderA].filter(Boolean));
  await removeInteropFixture(database);
  files.remove();
  await database.close();
});

async function download(query: string, headers: Record<string, string> = {}) {
  const res = await app.request(`/api/exports/${query}`, { headers });
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: new TextDecoder().decode(bytes) };
}

describe('layer exports', () => {
  it("writes CSV in UTF-8 with BOM, the importers' columns, Chinese intact", async () => {
    const csv = await download(`grid_cells?format=csv&${box}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="grid_cells-\d{4}-\d\d-\d\d\.csv"$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.text.trimEnd().split('\r\n'); // TextDecoder drops the BOM
    expect(lines[0]).toBe('code,name,parent_code,code_vintage,synthetic,source,kind,dedicated_type,households,population,worker_code,wkt');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([igrids.a1, igrids.a2, igrids.b1]);
    expect(lines[2]).toContain(`${igrids.a2},互通网格二,${IA.community},2023,true,test,general,,410,1100,,"MULTIPOLYGON (((125.01 42`);
  });

  it('writes GeoJSON with property filters, and refuses unknown layers and filters', async () => {
    const geojson = await download(`communities?format=geojson&${box}&kind=village`);
    const body = JSON.parse(geojson.text);
    expect(body.type).toBe('FeatureCollection');
    expect(body.features.map((f: { id: string }) => f.id)).toEqual(['960200001201']);
    expect(body.features[0].properties.name).toBe('互通村');
    expect((await download('roads?format=csv')).status).toBe(404);
    expect((await download('sites?format=xls')).status).toBe(400);
    const bad = await download('sites?colour=red');
    expect(JSON.parse(bad.text).error.field).toBe('colour');
  });

  it('writes a GeoPackage that the importer reads back and never includes site contacts', async () => {
    const gpkg = await download(`sites?format=gpkg&${box}`);
    expect(gpkg.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    expect(Buffer.from(gpkg.bytes.subarray(0, 15)).toString()).toBe('SQLite format 3');
    const file = path.join(files.dir, 'sites.gpkg');
    writeFileSync(file, gpkg.bytes);
    const reader = await openGeoPackage(file);
    const records = [];
    for await (const record of reader.records) records.push(record);
    expect(records.map((r) => r.properties.name)).toEqual(['互通评理说事点', '互通守望岗']);
    expect(records[0]!.geometry).toEqual({ type: 'Point', coordinates: [125.006, 42.006] });
    expect(reader.header!.names).not.toContain('contact_name');
  });

  it('exports a layer as CSV that the importer loads back unchanged', async () => {
    const columns = `code, name, community_code, households, population, synthetic, source, ST_AsText(geom) AS wkt`;
    const rows = () => database.pool.query(`SELECT ${columns} FROM compounds WHERE left(community_code, 3) = '960' ORDER BY code`);
    const before = (await rows()).rows;
    const file = path.join(files.dir, 'compounds.csv');
    writeFileSync(file, (await download(`compounds?format=csv&${box}`)).bytes);
    await database.pool.query(`DELETE FROM compounds WHERE left(community_code, 3) = '960'`);
    await importFile(database, 'compounds', file);
    expect((await rows()).rows).toEqual(before);
    expect(before).toHaveLength(2);
  });

  it('escapes CSV fields and defuses spreadsheet formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    // OWASP: a leading '-' is guarded even before a digit ('-1+cmd|…' is a formula); numbers stay as they are (#13)
    expect(csvField('-12.5')).toBe("'-12.5");
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
  });
});

describe('incident exports', () => {
  it("exports the caller's incidents only, with the list filters, reporter masked", async () => {
    expect((await download('incidents?format=csv')).status).toBe(401);
    const csv = await download(`incidents?format=csv&area=${IA.district}`, commanderA.bearer);
    const lines = csv.text.trimEnd().split('\r\n'); // TextDecoder drops the BOM
    expect(lines[0]).toMatch(/^id,code,category,.*,reporter_name,reporter_phone,.*,assignee_kind,assignee_code,lon,lat$/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual([iincidents.a1, iincidents.a2]);
    expect(csv.text).toContain(maskName(iclear.names[0]!));
    expect(csv.text).toContain(maskPhone(iclear.phones[0]!));
    for (const value of [...iclear.names, ...iclear.phones]) expect(csv.text).not.toContain(value);
    const outside = await download('incidents?format=geojson&area=960200', commanderA.bearer);
    expect(JSON.parse(outside.text).features).toEqual([]);
    const closed = await download(`incidents?format=geojson&area=${IA.district}&status=closed`, commanderA.bearer);
    expect(JSON.parse(closed.text).features.map((f: { id: string }) => f.id)).toEqual([iincidents.a2]);
  });
});

describe.skipIf(!hasGdal)('exports read by GDAL', () => {
  it('ogrinfo reads the exported GeoPackages: layers, geometry, Chinese names, dates', async () => {
    const grids = path.join(files.dir, 'grids.gpkg');
    writeFileSync(grids, (await download(`grid_cells?format=gpkg&${box}`)).bytes);
    const layer = await gdal('ogrinfo', ['-ro', '-al', grids]);
    expect(layer.code, layer.output).toBe(0);
    expect(layer.output).not.toMatch(/ERROR|Warning/i);
    expect(layer.output).toContain('Geometry: Multi Polygon');
    expect(layer.output).toContain('Feature Count: 3');
    expect(layer.output).toMatch(/GEOGCRS\["WGS 84"|GEOGCS\["WGS 84"/);
    expect(layer.output).toContain('name (String) = 互通网格二');
    expect(layer.output).toContain('households (Integer) = 410');
    expect(layer.output).toMatch(/MULTIPOLYGON \(\(\(125\.01 42/);
    const incidents = path.join(files.dir, 'incidents.gpkg');
    writeFileSync(incidents, (await download(`incidents?format=gpkg&area=${IA.district}`, commanderA.bearer)).bytes);
    const read = await gdal('ogrinfo', ['-ro', '-al', incidents]);
    expect(read.code, read.output).toBe(0);
    expect(read.output).toContain('Feature Count: 2');
    expect(read.output).toMatch(/reported_at \(DateTime\) = \d{4}\/\d\d\/\d\d/);
    expect(read.output).toMatch(/overdue \((Integer\(Boolean\)|Boolean)\)/);
  });
});
