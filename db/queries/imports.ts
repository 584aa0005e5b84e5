import type pg from 'pg';

/** A connection inside the import's transaction (PGlite hangs if another connection is used meanwhile). */
export type Queryable = Pick<pg.ClientBase, 'query'>;

export type ImportColumnType = 'text' | 'int4' | 'bool' | 'timestamptz' | 'date';

export interface ImportBatch {
  table: string;
  columns: { name: string; type: ImportColumnType; values: unknown[]; fallbackSql?: string }[];
  /** Point geometry as lon/lat arrays, or MultiPolygon geometry as GeoJSON texts (one per row) */
  geometry?: { kind: 'Point'; lon: number[]; lat: number[] } | { kind: 'MultiPolygon'; geojson: string[] };
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * A typed SQL array literal, e.g. `'{"a","b",NULL}'::text[]`. Import statements inline their data instead of
 * binding parameters because they are expected to fail on bad files, and the embedded PGlite socket server
 * answers a failed extended-protocol (parameterized) statement with an extra ReadyForQuery that shifts every
 * later reply on the connection by one (electric-sql/pglite#958); the simple protocol is unaffected.
 * Values are escaped here, so this is as safe as a bound parameter.
 */
function arrayLiteral(values: unknown[], type: string): string {
  // join() of flat strings allocates once; `+=` here built deep ropes that cost more to flatten
  const items = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) items[i] = 'NULL';
    else if (typeof value === 'number') items[i] = Number.isFinite(value) ? String(value) : 'NULL';
    else if (typeof value === 'boolean') items[i] = value ? 't' : 'f';
    else {
      const item = String(value);
      // array-literal escaping (\ and ") then SQL-literal escaping ('), only when needed
      items[i] = special.test(item) ? `"${item.replace(/[\\"]/g, '\\$&').replace(/'/g, "''")}"` : `"${item}"`;
    }
  }
  return `'{${items.join(',')}}'::${type}[]`;
}

const special = /[\\"']/;

/**
 * Inserts a whole batch in one statement: every column travels as one array parameter and `unnest` turns
 * them back into rows, so 10k rows cost one round trip and one statement-level trigger.
 *
 * @example
 * await insertImportBatch(client, { table: 'volunteer_teams', columns: [
 *   { name: 'code', type: 'text', values: ['T1'] }, { name: 'name', type: 'text', values: ['队'] },
 *   { name: 'source', type: 'text', values: ['test'] }] });
 */
export async function insertImportBatch(client: Queryable, batch: ImportBatch): Promise<void> {
  const names: string[] = [];
  const selects: string[] = [];
  const arrays: string[] = [];
  const aliases: string[] = [];
  const param = (values: unknown[], type: string, alias: string) => {
    arrays.push(arrayLiteral(values, type));
    aliases.push(alias);
    return `u.${alias}`;
  };
  batch.columns.forEach((column, i) => {
    const value = param(column.values, column.type, `c${i}`);
    names.push(ident(column.name));
    selects.push(column.fallbackSql ? `COALESCE(${value}, ${column.fallbackSql})` : value);
  });
  if (batch.geometry?.kind === 'Point') {
    const lon = param(batch.geometry.lon, 'float8', 'lon');
    const lat = param(batch.geometry.lat, 'float8', 'lat');
    names.push('geom');
    selects.push(`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`);
  } else if (batch.geometry?.kind === 'MultiPolygon') {
    const geojson = param(batch.geometry.geojson, 'text', 'g');
    names.push('geom');
    selects.push(`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326))`);
  }
  await client.query(
    `INSERT INTO ${ident(batch.table)} (${names.join(', ')})
     SELECT ${selects.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${aliases.join(', ')})`,
  );
}

/**
 * The first polygon (0-based index into `geojson`) that PostGIS finds invalid, with its reason, or null.
 *
 * @example
 * await firstInvalidPolygon(client, [bowtieGeoJson]) // { index: 0, reason: 'Self-intersection[0.5 0.5]' }
 */
export async function firstInvalidPolygon(client: Queryable, geojson: string[]): Promise<{ index: number; reason: string } | null> {
  const result = await client.query<{ index: number; reason: string }>(
    `SELECT (i - 1)::int AS index, ST_IsValidReason(g) AS reason
     FROM (SELECT ST_GeomFromGeoJSON(t) AS g, i FROM unnest(${arrayLiteral(geojson, 'text')}) WITH ORDINALITY AS u(t, i)) s
     WHERE NOT ST_IsValid(g) ORDER BY i LIMIT 1`,
  );
  return result.rows[0] ?? null;
}

/** The domain tables a demo load replaces, children first. */
export const domainTables = [
  'incident_events', 'incidents', 'volunteers', 'volunteer_teams', 'site_served_communities', 'sites',
  'compounds', 'grid_cells', 'grid_workers', 'communities', 'streets', 'districts',
] as const;

/**
 * Empties every domain table (inside the caller's transaction, so a failed reload keeps the old city).
 *
 * @example
 * await client.query('BEGIN'); await clearDomainTables(client); ... await client.query('COMMIT');
 */
export async function clearDomainTables(client: Queryable): Promise<void> {
  await client.query(`TRUNCATE ${domainTables.map(ident).join(', ')} RESTART IDENTITY`);
}

/** Refreshes planner statistics after a bulk load, so the first queries get good plans. */
export async function analyzeTables(client: Queryable, tables: string[]): Promise<void> {
  for (const table of tables) await client.query(`ANALYZE ${ident(table)}`);
}

/** Number of districts, to tell an empty database from a loaded one. */
export async function countDistricts(client: Queryable): Promise<number> {
  const result = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM districts');
  return result.rows[0]!.n;
}

/** How many rows `table` holds, counting no further than `limit` (cheap on a big table). */
export async function countRowsUpTo(client: Queryable, table: string, limit: number): Promise<number> {
  const result = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${ident(table)} LIMIT ${Math.floor(limit)}) s`);
  return result.rows[0]!.n;
}

/** Whether the current role owns `table` (and so may drop and re-create its indexes and foreign keys). */
export async function ownsTable(client: Queryable, table: string): Promise<boolean> {
  const result = await client.query<{ owner: boolean }>(
    `SELECT pg_has_role(relowner, 'USAGE') AS owner FROM pg_class WHERE oid = ${literal(table)}::regclass`,
  );
  return result.rows[0]?.owner === true;
}

/**
 * Drops the table's plain indexes (not those behind primary keys/unique constraints) and its foreign keys,
 * returning one step per index or key that puts it back (run them in order). Inside the import transaction,
 * so a failed load restores them.
 *
 * @example
 * const restore = await suspendIndexesAndForeignKeys(client, 'incidents'); ...load...; for (const step of restore) await step();
 */
export async function suspendIndexesAndForeignKeys(client: Queryable, table: string): Promise<(() => Promise<void>)[]> {
  const regclass = `${literal(table)}::regclass`;
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
     WHERE i.indrelid = ${regclass} AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY 1`,
  );
  const keys = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = ${regclass} AND contype = 'f' ORDER BY 1`,
  );
  for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);
  for (const key of keys.rows) await client.query(`ALTER TABLE ${ident(table)} DROP CONSTRAINT ${ident(key.name)}`);
  const statements = [
    ...indexes.rows.map((index) => index.def),
    ...keys.rows.map((key) => `ALTER TABLE ${ident(table)} ADD CONSTRAINT ${ident(key.name)} ${key.def}`),
  ];
  return statements.map((statement) => async () => {
    await client.query(statement);
  });
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
