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
  const items = values.map((value) => {
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
    if (typeof value === 'boolean') return value ? 't' : 'f';
    return `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  });
  return `'{${items.join(',').replace(/'/g, "''")}}'::${type}[]`;
}

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
