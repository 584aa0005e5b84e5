import type pg from 'pg';
import { fileURLToPath } from 'node:url';
import { connectDatabase, migrateDatabase, type DatabaseMode } from '../../db/client.ts';
import { generateDemo, loadDemo } from '../../geodata/demo.ts';

/** Generated demo files and the boundary package are kept in the repo's .data/ so later runs reuse them. */
const repoData = fileURLToPath(new URL('../../.data', import.meta.url));

/** Migrates the test database; the shared read-only demo city is loaded here once per run. */
export async function prepareTestDatabase(mode: DatabaseMode, connection: pg.ClientConfig, _dataDir: string) {
  const database = connectDatabase(mode, connection);
  try {
    await migrateDatabase(database);
    // the small demo city (沈河区 + 康平县) every DB test can read; tests that write clean up after themselves
    await loadDemo(database, (await generateDemo({ scale: 'small', dataDir: repoData })).items);
  } finally {
    await database.close();
  }
}
