/** GDAL's OAPIF driver (the one QGIS uses too) reads every collection of the OGC API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { gdal, hasGdal, listen } from '../support/gdal.ts';
import { IA, IB, igrids, iincidents, insertInteropFixture, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
let server: Awaited<ReturnType<typeof listen>>;
let commanderA: TestAccount;

beforeAll(async () => {
  await insertInteropFixture(database);
  commanderA = await createAccount(database, { role: 'commander', scopeCode: IA.district }, 'ogr');
  server = await listen(createApp({ database, env: testEnv() }));
});
afterAll(async () => {
  await server?.close();
  await removeAccounts(database, [commanderA].filter(Boolean));
  await removeInteropFixture(database);
  await database.close();
});

const fixtureBox = ['-spat', '125', '42', '125.06', '42.02'];
/** Feature codes ogrinfo printed (`code (String) = …`). */
const printedCodes = (output: string) => [...output.matchAll(/^\s+code \(String\) = (.+)$/gm)].map((m) => m[1]!.trim()).sort();

describe.skipIf(!hasGdal)('GDAL OAPIF driver', () => {
  it('lists every public collection', async () => {
    const { code, output } = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${server.url}/ogc`]);
    expect(code, output).toBe(0);
    for (const name of ['districts', 'streets', 'communities', 'grid_cells', 'compounds', 'sites']) {
      expect(output).toMatch(new RegExp(`^\\d+: ${name} (\\(title: [^)]+\\) )?\\((Multi Polygon|Point)\\)`, 'm'));
    }
  });

  it('reads the features of each collection inside a bbox, with Chinese names and their geometry', async () => {
    const expected: Record<string, string[]> = {
      districts: [IA.district, IB.district],
      streets: [IA.street, IB.street],
      communities: [IA.community, IB.community],
      grid_cells: [igrids.a1, igrids.a2, igrids.b1],
      compounds: [`${IA.community}C001`, `${IB.community}C001`],
      sites: ['IO-S-A1', 'IO-S-B1'],
    };
    for (const [layer, codes] of Object.entries(expected)) {
      const { code, output } = await gdal('ogrinfo', ['-ro', '-al', ...fixtureBox, `OAPIF:${server.url}/ogc`, layer]);
      expect(code, output).toBe(0);
      expect(printedCodes(output), layer).toEqual(codes);
    }
    const grids = await gdal('ogrinfo', ['-ro', '-al', ...fixtureBox, '-where', `code = '${igrids.a2}'`, `OAPIF:${server.url}/ogc`, 'grid_cells']);
    expect(grids.output).toContain('name (String) = 互通网格二');
    expect(grids.output).toContain('households (Integer) = 410');
    expect(grids.output).toMatch(/MULTIPOLYGON \(\(\(125\.01 42/);
  });

  it('pages through a collection with small pages', async () => {
    const { output } = await gdal('ogrinfo', ['-ro', '-al', '-oo', 'PAGE_SIZE=1', ...fixtureBox, `OAPIF:${server.url}/ogc`, 'grid_cells']);
    expect(printedCodes(output)).toEqual([igrids.a1, igrids.a2, igrids.b1]);
  });

  it("reads incidents with an API token, only inside the token owner's area", async () => {
    const headers = { GDAL_HTTP_HEADERS: `Authorization: ${commanderA.bearer.authorization}` };
    const { code, output } = await gdal('ogrinfo', ['-ro', '-al', ...fixtureBox, `OAPIF:${server.url}/ogc`, 'incidents'], headers);
    expect(code, output).toBe(0);
    expect(printedCodes(output)).toEqual([iincidents.a1, iincidents.a2]);
    expect(output).toMatch(/reporter_name \(String\) = 欧\*/);
  });
});
