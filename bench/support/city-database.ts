/**
 * A PostGIS database holding the seeded demo city, kept between benchmark runs (seeding the full city
 * takes minutes; the benchmarks only read it). Run alone to prepare one:
 *
 *   DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/pingan_bench_full npx tsx bench/support/city-database.ts full
 */
import pg from 'pg';
import { connectDatabase, migrateDatabase, type Database } from '../../db/client.ts';
import { seedDemoIfEmpty, type DemoScale } from '../../geodata/demo.ts';

/**
 * Creates the database of `url` when missing (its name: letters, digits and _ only).
 *
 * @example
 * await ensureDatabase('postgres://postgres:postgres@127.0.0.1:5432/pingan_bench_full');
 */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`database name ${name}: letters, digits and _ only`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * The migrated database of `url`, seeded with the demo city of `scale` when it holds no districts yet.
 *
 * @example
 * const database = await openCityDatabase(process.env.DATABASE_URL!, 'full');
 */
export async function openCityDatabase(url: string, scale: DemoScale, poolSize?: number): Promise<Database> {
  await ensureDatabase(url);
  const database = connectDatabase('postgis', { connectionString: url }, poolSize);
  await migrateDatabase(database);
  await seedDemoIfEmpty(database, { scale, dataDir: process.env.DATA_DIR ?? '.data' });
  return database;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to the database to prepare');
  const started = performance.now();
  const database = await openCityDatabase(url, (process.argv[2] ?? 'full') as DemoScale);
  await database.close();
  console.log(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
