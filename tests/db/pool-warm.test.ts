/**
 * The pool keeps `min` connections through a quiet spell and opens them before the first request
 * (DATABASE_POOL_MIN): a PostGIS backend opened on demand costs about 110 ms before its first locate
 * answers, which bench/field.ts saw as a 100 ms p99 at 300/s after ten seconds without traffic.
 */
import { afterEach, describe, expect, it, inject } from 'vitest';
import type pg from 'pg';
import { connectDatabase, warmPool, type Database } from '../../db/client.ts';

const { mode, connection } = inject('database');
const opened: Database[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
});

/** A pool of four that closes idle connections after 100 ms (pg's default is 10 s), keeping `min`. */
function pool(min: number, applicationName: string): Database {
  const settings = { ...connection, idleTimeoutMillis: 100, application_name: applicationName } as pg.ClientConfig;
  const database = connectDatabase(mode, settings, 4, { min });
  opened.push(database);
  return database;
}

describe('pool floor', () => {
  it('keeps its kept connections open through a quiet spell, and closes the others', async () => {
    const database = pool(2, 'pool-floor-test');
    const clients = await Promise.all(Array.from({ length: 4 }, () => database.pool.connect()));
    for (const client of clients) client.release();
    expect(database.pool.totalCount).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(database.pool.totalCount).toBe(2);
    expect((await database.pool.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
  });

  it('opens the kept connections before any request on PostGIS (the embedded session is always warm)', async () => {
    const name = `pool-warm-${process.pid}`;
    const database = pool(3, name);
    expect(database.pool.totalCount).toBe(0);
    const warmed = await warmPool(database);
    if (mode === 'embedded') {
      expect(warmed).toBe(0);
      return;
    }
    expect(warmed).toBe(3);
    expect(database.pool.idleCount).toBe(3);
    const backends = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [name]);
    expect(backends.rows[0]!.n).toBe(3);
  });
});
