import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { connectDatabase, hotQuery } from '../../db/client.ts';

const { mode, connection } = inject('database');
// one connection each, so pg_prepared_statements shows what this pool prepared
const prepared = connectDatabase(mode, connection, 1);
const unnamed = connectDatabase(mode, connection, 1, { prepared: false });
afterAll(async () => {
  await prepared.close();
  await unnamed.close();
});

const statementsOf = async (database: typeof prepared) =>
  (await database.pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map((row) => row.statement);

describe('hotQuery', () => {
  it('answers the same with a string or a drizzle SQL statement', async () => {
    const text = await hotQuery<{ n: number }>(prepared, 'SELECT $1::int + 1 AS n', [41]);
    const built = await hotQuery<{ n: number }>(prepared, sql`SELECT ${41}::int + 1 AS n`);
    expect(text.rows).toEqual([{ n: 42 }]);
    expect(built.rows).toEqual([{ n: 42 }]);
  });

  it('prepares named statements on PostGIS only, and never when told not to (poolers)', async () => {
    const marker = `SELECT $1::text AS hot_query_marker_${process.pid}`;
    for (let i = 0; i < 3; i++) {
      expect((await hotQuery(prepared, marker, [`run ${i}`])).rows).toEqual([{ [`hot_query_marker_${process.pid}`]: `run ${i}` }]);
      await hotQuery(unnamed, marker, [`run ${i}`]);
    }
    expect(prepared.prepared).toBe(mode === 'postgis');
    expect((await statementsOf(prepared)).filter((s) => s === marker)).toHaveLength(mode === 'postgis' ? 1 : 0);
    expect(unnamed.prepared).toBe(false);
    expect((await statementsOf(unnamed)).filter((s) => s === marker)).toHaveLength(0);
  });
});
