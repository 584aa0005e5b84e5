import { afterAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '../support/database.ts';

// The embedded engine must answer the wire protocol like PostgreSQL does (db/embedded/wire-fix.ts);
// the same assertions run on the PostGIS server as the reference.
const database = connectTestDatabase(6);
afterAll(() => database.close());

describe('wire protocol through the pool', () => {
  it('keeps a connection in step after a failed parameterized statement', async () => {
    const client = await database.pool.connect();
    try {
      await client.query('BEGIN');
      // queued together, so the client sends each statement the moment it thinks the previous one ended
      const failing = client.query('SELECT $1::int AS n', ['not a number']);
      const rollback = client.query('ROLLBACK');
      const next = client.query('SELECT $1::int AS n', [7]);
      const plain = client.query('SELECT 1 AS one');
      await expect(failing).rejects.toThrow(/invalid input syntax/);
      expect((await rollback).command).toBe('ROLLBACK');
      expect((await next).rows).toEqual([{ n: 7 }]);
      expect((await plain).rows).toEqual([{ one: 1 }]);
    } finally {
      client.release();
    }
  });

  it('answers concurrent parameterized statements from several connections with their own rows', async () => {
    const shapes = ['SELECT $1::int AS a', 'SELECT $1::int + 0 AS b', 'SELECT $1::text AS c', 'SELECT $1::int * 1 AS d'];
    const runs = Array.from({ length: 120 }, (_, i) => ({ i, sql: shapes[i % shapes.length]!, key: 'abcd'[i % 4]! }));
    const results = await Promise.all(runs.map(async ({ i, sql }) => (await database.pool.query(sql, [String(i)])).rows[0] as Record<string, unknown>));
    results.forEach((row, i) => {
      const { key } = runs[i]!;
      expect(Object.keys(row)).toEqual([key]);
      expect(String(row[key])).toBe(String(i));
    });
  });

  it('fails one statement of many without disturbing the others', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => database.pool.query('SELECT $1::int AS n', [i % 5 === 0 ? `bad${i}` : String(i)])),
    );
    outcomes.forEach((outcome, i) => {
      if (i % 5 === 0) expect(outcome.status).toBe('rejected');
      else expect(outcome.status === 'fulfilled' && outcome.value.rows[0].n).toBe(i);
    });
  });
});
