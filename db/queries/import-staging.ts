import type { Queryable } from './imports.ts';

/**
 * Staging tables for imports into a table that is being written to meanwhile (incidents while phones
 * report). Rows are loaded and checked in a private table, then moved in short statements: nothing ever
 * holds a lock, or — on the embedded engine, where transactions are serialized — a transaction, that
 * `INSERT INTO incidents` from the API waits on for longer than one chunk.
 */

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
export const stagePrefix = 'import_stage_';

/**
 * Creates an empty unlogged copy of `table` (columns, defaults, CHECK and NOT NULL constraints; no
 * indexes, foreign keys or triggers, so loading it locks nothing else) plus the row's order in the file
 * (`import_row`) and its file position (`import_line` / `import_feature`). The name carries the start
 * time, so a copy left by a killed import can be recognised and dropped later.
 *
 * @example
 * const stage = await createStage(client, 'incidents'); // 'import_stage_incidents_lq8x0c_4711'
 */
export async function createStage(client: Queryable, table: string): Promise<string> {
  const stage = `${stagePrefix}${table}_${Date.now().toString(36)}_${process.pid}`.slice(0, 63);
  await client.query(`CREATE UNLOGGED TABLE ${ident(stage)} (LIKE ${ident(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
  // the target's serial id is assigned when a row moves, in file order; here it would only burn ids
  await client.query(
    `ALTER TABLE ${ident(stage)} DROP COLUMN IF EXISTS id, ADD COLUMN import_row bigserial PRIMARY KEY, ADD COLUMN import_line int, ADD COLUMN import_feature int`,
  );
  return stage;
}

/**
 * Drops a staging table (and its sequence).
 *
 * @example
 * await dropStage(client, 'import_stage_incidents_lq8x0c_4711');
 */
export async function dropStage(client: Queryable, stage: string): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${ident(stage)}`);
}

/**
 * Drops staging tables of imports that started more than `olderThanMs` ago (killed imports leave theirs);
 * returns their names.
 *
 * @example
 * await dropOldStages(client, 24 * 3600_000);
 */
export async function dropOldStages(client: Queryable, olderThanMs: number): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relkind = 'r' AND relname LIKE ${literal(`${stagePrefix}%`)} AND relnamespace = 'public'::regnamespace`,
  );
  const old = rows
    .map((r) => r.name)
    .filter((name) => {
      const started = parseInt(name.split('_').at(-2) ?? '', 36);
      return Number.isFinite(started) && Date.now() - started > olderThanMs;
    });
  for (const name of old) await dropStage(client, name);
  return old;
}

/** A staged row that cannot move: the column(s), the value(s), and the row's file position. */
export interface StageConflict {
  /** the last column of a multi-column key (the one a message names) */
  column: string;
  /** all columns of the key */
  columns: string[];
  /** the values, joined with ", " for a multi-column key */
  value: string;
  line: number | null;
  featureIndex: number | null;
  /** 'exists': the value is already in the target; 'parent': the value names no row of `parent` */
  kind: 'exists' | 'parent';
  parent: string | null;
}

/**
 * The first staged row (in file order) that the target table would refuse: a key of a unique index
 * (plain columns, not partial) that the table already holds, or a single-column foreign-key value with no
 * parent row. These are the database's own checks, run before anything moves, so the move itself cannot
 * fail on the data. `range` limits the check to `after < import_row ≤ after + size`, so that a big file is
 * checked in statements short enough for reports to slip in between.
 *
 * @example
 * await firstStageConflict(client, stage, 'incidents') // { column: 'code', value: 'E1', kind: 'exists', line: 3, … }
 */
export async function firstStageConflict(
  client: Queryable,
  stage: string,
  table: string,
  range?: { after: number; size: number },
): Promise<StageConflict | null> {
  const rows = range ? `AND s.import_row > ${Math.floor(range.after)} AND s.import_row <= ${Math.floor(range.after + range.size)}` : '';
  const { rows: keys } = await client.query<{ kind: 'exists' | 'parent'; columns: string[]; parent: string | null; parentColumn: string | null }>(
    `SELECT 'exists' AS kind, array_agg(a.attname::text ORDER BY k.n) AS columns, NULL AS parent, NULL AS "parentColumn"
       FROM pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n), pg_attribute a
      WHERE i.indrelid = ${literal(table)}::regclass AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
        AND a.attrelid = i.indrelid AND a.attnum = k.attnum
      GROUP BY i.indexrelid HAVING NOT 'id' = ANY (array_agg(a.attname::text))
     UNION ALL
     SELECT 'parent', ARRAY[a.attname::text], c.confrelid::regclass::text, af.attname
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
      WHERE c.conrelid = ${literal(table)}::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1`,
  );
  let first: (StageConflict & { row: number }) | null = null;
  for (const key of keys) {
    const columns = key.columns.map(ident);
    const test =
      key.kind === 'exists'
        ? `EXISTS (SELECT 1 FROM ${ident(table)} t WHERE ${columns.map((c) => `t.${c} = s.${c}`).join(' AND ')})`
        : `NOT EXISTS (SELECT 1 FROM ${key.parent} p WHERE p.${ident(key.parentColumn!)} = s.${columns[0]})`;
    const found = await client.query<{ value: string; line: number | null; featureIndex: number | null; row: number }>(
      `SELECT concat_ws(', ', ${columns.map((c) => `s.${c}::text`).join(', ')}) AS value, s.import_line AS line,
              s.import_feature AS "featureIndex", s.import_row::int AS row
         FROM ${ident(stage)} s WHERE ${columns.map((c) => `s.${c} IS NOT NULL`).join(' AND ')} ${rows} AND ${test}
        ORDER BY s.import_row LIMIT 1`,
    );
    const hit = found.rows[0];
    // the first in file order across all keys, as the one-transaction path would have stopped there
    if (hit && (!first || hit.row < first.row)) first = { ...hit, column: key.columns.at(-1)!, columns: key.columns, kind: key.kind, parent: key.parent };
  }
  if (!first) return null;
  const { row: _row, ...conflict } = first;
  return conflict;
}

/**
 * Highest `import_row` of a staging table (0 when empty).
 *
 * @example
 * const total = await stageSize(client, stage); // 60000
 */
export async function stageSize(client: Queryable, stage: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(`SELECT coalesce(max(import_row), 0)::int AS n FROM ${ident(stage)}`);
  return rows[0]!.n;
}

/**
 * Moves staged rows `after < import_row ≤ after + size` into `table`, in file order, as ONE statement (its
 * own short transaction when the connection is not in one). Returns how many moved.
 *
 * @example
 * for (let after = 0; after < total; after += 5000) await moveStagedRows(client, stage, 'incidents', columns, after, 5000);
 */
export async function moveStagedRows(client: Queryable, stage: string, table: string, columns: string[], after: number, size: number): Promise<number> {
  const list = columns.map(ident).join(', ');
  const { rows } = await client.query<{ n: number }>(
    `WITH moved AS (INSERT INTO ${ident(table)} (${list})
       SELECT ${list} FROM ${ident(stage)} WHERE import_row > ${Math.floor(after)} AND import_row <= ${Math.floor(after + size)} ORDER BY import_row
       RETURNING 1)
     SELECT count(*)::int AS n FROM moved`,
  );
  return rows[0]!.n;
}

/**
 * Deletes from `table` the rows moved so far (`import_row ≤ upTo`), matched on `key` (a unique column):
 * a move that fails half-way (the database went away, a concurrent report took a unique value) leaves
 * nothing of the import behind.
 *
 * @example
 * await unmoveStagedRows(client, stage, 'incidents', 'code', 15000);
 */
export async function unmoveStagedRows(client: Queryable, stage: string, table: string, key: string, upTo: number): Promise<number> {
  const result = await client.query(
    `DELETE FROM ${ident(table)} t USING ${ident(stage)} s WHERE t.${ident(key)} = s.${ident(key)} AND s.import_row <= ${Math.floor(upTo)}`,
  );
  return result.rowCount ?? 0;
}
