import path from 'node:path';
import pg from 'pg';
import { connectDatabase, migrateDatabase, openDatabase, type Database } from '../../db/client.ts';

export interface ScratchDatabase {
  database: Database;
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database for one benchmark run, removed by `dispose`: an embedded one in `dir`, or a
 * throw-away database `pingan_bench_<label>_<pid>` on the PostGIS server of DATABASE_URL.
 *
 * @example
 * const { database, dispose } = await openScratchDatabase('postgis', tmp, 'demo');
 */
export async function openScratchDatabase(engine: 'embedded' | 'postgis', dir: string, label: string): Promise<ScratchDatabase> {
  if (engine === 'embedded') {
    const database = await openDatabase({ dataDir: path.join(dir, 'db') });
    await migrateDatabase(database);
    return { database, dispose: () => database.close() };
  }
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/pingan');
  const name = `pingan_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  const database = connectDatabase('postgis', { connectionString: url.toString() });
  await migrateDatabase(database);
  return {
    database,
    async dispose() {
      await database.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Median of a sample (upper median for even sizes), as every benchmark here reports. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
