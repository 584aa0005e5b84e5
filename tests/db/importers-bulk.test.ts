import { describe, expect, it } from 'vitest';
import { cityUpTo, importerTestContext, snapshot } from '../support/importers.ts';
import { ImportError, importFiles } from '../../geodata/importers/index.ts';

// Files of ≥ 20,000 rows into a smaller table take the bulk path (indexes and foreign keys suspended and
// rebuilt); these tests make sure it keeps every guarantee of the row-by-row path.
const rows = 25_000;
const { database, files } = importerTestContext();

const teams = (bad?: { at: number; post: string }) => {
  const lines = ['code,name,watch_post_code,source'];
  for (let i = 0; i < rows; i++) lines.push(`T2199${String(i).padStart(6, '0')},队${i},${bad?.at === i ? bad.post : i % 2 ? 'WP219901001001' : ''},bulk`);
  return lines.join('\n');
};

/** Index and foreign-key definitions of volunteer_teams: must be identical before and after any load. */
async function tableShape() {
  const result = await database.pool.query(
    `SELECT (SELECT array_agg(indexdef ORDER BY indexname) FROM pg_indexes WHERE tablename = 'volunteer_teams') AS indexes,
            (SELECT array_agg(conname || ' ' || pg_get_constraintdef(oid) ORDER BY conname) FROM pg_constraint
              WHERE conrelid = 'volunteer_teams'::regclass) AS constraints`,
  );
  return result.rows[0];
}

describe('importers: bulk loads', () => {
  it('loads a big file and restores indexes and foreign keys, which are enforced again afterwards', async () => {
    const shape = await tableShape();
    const file = files.write('teams.csv', teams());
    const results = await importFiles(database, [...cityUpTo('sites'), { entity: 'volunteer_teams', file }]);
    expect(results.at(-1)!.rows).toBe(rows);
    expect(await tableShape()).toEqual(shape);
    const counts = await database.pool.query(`SELECT count(*)::int AS n, count(watch_post_code)::int AS posted FROM volunteer_teams WHERE code ~ '^T2199'`);
    expect(counts.rows[0]).toEqual({ n: rows, posted: rows / 2 });
    const orphan = await database.pool
      .query(`INSERT INTO volunteer_teams (code, name, watch_post_code, source) VALUES ('T2199-x', 'x', 'WP2199-none', 't')`)
      .then(
        () => null,
        (error: { code?: string }) => error.code,
      );
    expect(orphan).toBe('23503');
  });

  it('names the row of a missing parent deep in a big file, and leaves table and data unchanged', async () => {
    const shape = await tableShape();
    const before = await snapshot(database);
    const file = files.write('teams-bad.csv', teams({ at: 23_456, post: 'WP2199-none' }));
    const error = await importFiles(database, [...cityUpTo('sites'), { entity: 'volunteer_teams', file }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe(
      `${file}: line 23458, field "watch_post_code": watch_post_code "WP2199-none" does not exist in sites (import the parent rows first)`,
    );
    expect(await snapshot(database)).toEqual(before);
    expect(await tableShape()).toEqual(shape);
  });

  it('still reports duplicates against existing rows on the bulk path', async () => {
    await importFiles(database, cityUpTo('sites'));
    await database.pool.query(`INSERT INTO volunteer_teams (code, name, source) VALUES ('T2199012345', 'old', 't')`);
    const before = await snapshot(database);
    const file = files.write('teams-dup.csv', teams());
    const error = await importFiles(database, [{ entity: 'volunteer_teams', file }]).catch((e: unknown) => e);
    expect((error as ImportError).message).toBe(
      `${file}: line 12347, field "code": code "T2199012345" already exists in volunteer_teams (a row loaded before this import)`,
    );
    expect(await snapshot(database)).toEqual(before);
  });
});
