import type pg from 'pg';
import { connectDatabase, migrateDatabase, type DatabaseMode } from '../../db/client.ts';

/** Migrates the test database; the shared read-only demo city is loaded here once per run. */
export async function prepareTestDatabase(mode: DatabaseMode, connection: pg.ClientConfig, _dataDir: string) {
  const database = connectDatabase(mode, connection);
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
}
