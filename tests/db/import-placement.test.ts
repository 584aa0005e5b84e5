/**
 * Data must be where its codes say (issue #13, item 11): a grid ~100 km from its community, a site in
 * Beijing carrying a code of the test district, an incident whose grid lies in another community, and a
 * grid code that names nothing are refused before anything is written — every offending row listed (up to
 * 20, with the count) — on the one-transaction path and on the staged path alike.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cityUpTo, featureCollection, importerTestContext, snapshot, square } from '../support/importers.ts';
import { importFile, importFiles, ImportError, type ImportEntity, type ImportOptions } from '../../geodata/importers/index.ts';

const { database, files } = importerTestContext();
const misplaced = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import/misplaced', name);

beforeEach(async () => {
  await importFiles(database, cityUpTo('grid_cells'));
});

async function rejected(load: () => Promise<unknown>): Promise<ImportError> {
  const before = await snapshot(database);
  const error = await load().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect(await snapshot(database)).toEqual(before);
  return error as ImportError;
}

const incidentsHeader = 'code,category,status,source,occurred_at,reported_at,grid_code,community_code,street_code,district_code,synthetic,lon,lat';
const incident = (code: string, grid: string, lon: number, lat: number, community = grid.slice(0, 12)) =>
  `${code},theft,closed,grid_worker,2021-05-01T08:00:00+08:00,2021-05-01T09:00:00+08:00,${grid},${community},${community.slice(0, 9)},${community.slice(0, 6)},true,${lon},${lat}`;

describe('imports: rows must lie where their codes say', () => {
  it('a grid cell ~100 km from its community', async () => {
    const file = misplaced('grid_cells.geojson');
    const error = await rejected(() => importFile(database, 'grid_cells', file));
    expect({ featureIndex: error.featureIndex, field: error.field, problemCount: error.problemCount }).toEqual({
      featureIndex: 0,
      field: 'geometry',
      problemCount: 1,
    });
    expect(error.reason).toMatch(
      /^1 placement problem, rows not where their codes say \(tolerance 200 m, --tolerance changes it\):\n {2}features\[0\], field "geometry": lies 9\d\.\d km from its parent_code "219901001001" \(测试社区\)$/,
    );
  });

  it('a site in Beijing with a community code of the test district', async () => {
    const error = await rejected(() => importFile(database, 'sites', misplaced('sites.csv')));
    expect({ line: error.line, field: error.field }).toEqual({ line: 2, field: 'lon' });
    expect(error.reason).toMatch(/line 2, field "lon": lies \d{3,4}\.\d km from its community_code "219901001001" \(测试社区\)/);
  });

  it('an incident whose grid belongs to another community (one transaction with other files)', async () => {
    const items = [
      ...cityUpTo('volunteer_teams').slice(cityUpTo('grid_cells').length),
      { entity: 'incidents' as ImportEntity, file: misplaced('incidents.csv') },
    ];
    const error = await rejected(() => importFiles(database, items));
    expect({ line: error.line, field: error.field }).toEqual({ line: 2, field: 'grid_code' });
    expect(error.reason).toContain(
      'grid_code "21990100100101" does not belong to community_code "219901101201" (a grid code starts with the code of its community)',
    );
  });

  it('lists every offending row of a file up to 20, with the count, on the staged path', async () => {
    const rows = [incident('E219901-0201', '21990100100101', 121.005, 45.005)];
    for (let i = 0; i < 30; i++) rows.push(incident(`E219901-03${String(i).padStart(2, '0')}`, '21990100100101', 121.5 + i / 100, 45.5)); // ~50 km away
    rows.push(incident('E219901-0401', '21990199999999', 121.005, 45.005, '219901999999'));
    const file = files.write('many.csv', `${incidentsHeader}\n${rows.join('\n')}\n`);
    const error = await rejected(() => importFile(database, 'incidents', file, { staged: true }));
    expect(error.problemCount).toBe(31);
    expect(error.problems).toHaveLength(20);
    expect({ line: error.line, field: error.field }).toEqual({ line: 3, field: 'lon' });
    expect(error.message).toContain('  … and 11 more');
    expect(error.reason).toMatch(/^31 placement problems/);
    // the unknown grid (line 33) is counted; it is described when among the first 20
    const unknown = await rejected(() => importFile(database, 'incidents', files.write('unknown.csv', `${incidentsHeader}\n${rows.at(-1)}\n`)));
    expect(unknown.reason).toContain('line 2, field "grid_code": grid_code "21990199999999" names nothing: no such code in grid_cells');
  });

  it('the tolerance is a setting: 150 m over the edge passes the default 200 m, not 50 m', async () => {
    // community 219901001001 spans lon 121–121.02; this cell reaches 0.0019° (≈150 m at 45°N) beyond it
    const cell = {
      code: '21990100100109',
      name: '越界网格',
      code_vintage: '2023',
      source: 'test',
      parent_code: '219901001001',
      kind: 'general',
      households: 1,
      population: 1,
    };
    const over = {
      properties: cell,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [121.015, 45.0],
            [121.0219, 45.0],
            [121.0219, 45.005],
            [121.015, 45.005],
            [121.015, 45.0],
          ],
        ],
      },
    };
    const file = files.write('over.geojson', featureCollection(over));
    const strict: ImportOptions = { toleranceM: 50 };
    const error = await rejected(() => importFile(database, 'grid_cells', file, strict));
    expect(error.reason).toMatch(
      /features\[0\], field "geometry": reaches more than 50 m outside its parent_code "219901001001" \(测试社区\) \(2\d% of its area is outside\)/,
    );
    await importFile(database, 'grid_cells', file);
    expect((await database.pool.query(`SELECT count(*)::int AS n FROM grid_cells WHERE code = '21990100100109'`)).rows).toEqual([{ n: 1 }]);
    // and a far one is refused at any tolerance below its distance
    const far = files.write('far.geojson', featureCollection({ properties: { ...cell, code: '21990100100108' }, geometry: square(121.2, 45.0, 0.01) }));
    await rejected(() => importFile(database, 'grid_cells', far, { toleranceM: 10_000 }));
  });
});
