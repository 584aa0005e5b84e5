import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach } from 'vitest';
import type { Database } from '../../db/client.ts';
import { connectTestDatabase } from './database.ts';
import type { ImportEntity } from '../../geodata/importers/index.ts';
import { withTransaction } from '../../db/client.ts';

const cityDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/import/city');

/**
 * The committed mini city (district 219901, outside Shenyang so it cannot collide with the demo city), one file
 * per entity, in load order.
 */
export const cityItems: { entity: ImportEntity; file: string }[] = [
  { entity: 'districts', file: 'districts.geojson' },
  { entity: 'streets', file: 'streets.csv' },
  { entity: 'communities', file: 'communities.geojson' },
  { entity: 'grid_workers', file: 'grid_workers.csv' },
  { entity: 'grid_cells', file: 'grid_cells.geojson' },
  { entity: 'compounds', file: 'compounds.csv' },
  { entity: 'sites', file: 'sites.geojson' },
  { entity: 'site_served_communities', file: 'site_served_communities.csv' },
  { entity: 'volunteer_teams', file: 'volunteer_teams.csv' },
  { entity: 'volunteers', file: 'volunteers.csv' },
  { entity: 'incidents', file: 'incidents.csv' },
].map((item) => ({ entity: item.entity as ImportEntity, file: path.join(cityDir, item.file) }));

/** The fixture city up to and including `entity`. */
export const cityUpTo = (entity: ImportEntity) => cityItems.slice(0, cityItems.findIndex((i) => i.entity === entity) + 1);

const tables = [
  'districts',
  'streets',
  'communities',
  'grid_workers',
  'grid_cells',
  'compounds',
  'sites',
  'site_served_communities',
  'volunteer_teams',
  'volunteers',
  'incidents',
  'incident_events',
];

/** Row counts of every domain table plus every data_versions row: equal snapshots = database unchanged. */
export async function snapshot(database: Database): Promise<Record<string, unknown>> {
  const counts = await database.pool.query(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`);
  const versions = await database.pool.query('SELECT layer, version FROM data_versions ORDER BY layer');
  return { counts: counts.rows[0], versions: versions.rows };
}

// Every test code carries 2199 right after an optional letter prefix (district 219901 does not exist).
const testCode = `~ '^[A-Z]*2199'`;

/** Removes whatever the importer tests wrote, children first; the shared demo city is untouched. */
export async function removeTestRows(database: Database): Promise<void> {
  await withTransaction(database, async (client) => {
    await client.query(`DELETE FROM incidents WHERE code ${testCode}`);
    await client.query(`DELETE FROM volunteers WHERE code ${testCode}`);
    await client.query(`DELETE FROM volunteer_teams WHERE code ${testCode}`);
    await client.query(`DELETE FROM site_served_communities WHERE site_code ${testCode} OR community_code ${testCode}`);
    for (const table of ['sites', 'compounds', 'grid_cells', 'grid_workers', 'communities', 'streets', 'districts']) {
      await client.query(`DELETE FROM ${table} WHERE code ${testCode}`);
    }
  });
}

/** A scratch folder for files a test writes; `write` returns the full path. */
export function scratchFiles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'pingan-import-'));
  return {
    dir,
    write(name: string, content: string | object): string {
      const file = path.join(dir, name);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * What every importer test file starts with: the run's database and a scratch folder, the test rows
 * removed after each test, both closed after the file. Call it at the top level of the file.
 *
 * @example
 * const { database, files } = importerTestContext();
 */
export function importerTestContext(): { database: Database; files: ReturnType<typeof scratchFiles> } {
  const database = connectTestDatabase();
  const files = scratchFiles();
  afterEach(() => removeTestRows(database));
  afterAll(async () => {
    files.remove();
    await database.close();
  });
  return { database, files };
}

/** A one-feature FeatureCollection. */
export const featureCollection = (...features: { properties: object | null; geometry: object | null }[]) => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({ type: 'Feature', ...f })),
});

export const square = (x: number, y: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});
