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
 * Where inserted rows must lie: inside (or within `toleranceM` of) the lowest area their codes name.
 * `areas` lists the rows' area-code columns, lowest level first (grid_code, community_code, …).
 */
export interface PlacementCheck {
  areas: { column: string; table: string; /** no foreign key guards the column: a code naming nothing is a problem */ mustExist: boolean }[];
  geometry: 'Point' | 'MultiPolygon';
  toleranceM: number;
  /** most problems described (all are counted) */
  limit: number;
}

/** A row that is not where its code says: `code` is the row's own code. */
export interface PlacementProblem {
  code: string;
  column: string;
  /** the table the column's codes name */
  table: string;
  areaCode: string;
  areaName: string | null;
  missing: boolean;
  /** metres between the row and the area (0 when they overlap) */
  distanceM: number | null;
  /** polygons: share of the row's area outside the named area */
  outsideShare: number | null;
  /** problems in the whole batch */
  total: number;
}

/**
 * The placement part of an import INSERT: the inserted rows (RETURNING) joined to the lowest area each
 * names. Cheap tests first — ST_Covers on the stored polygons — and the tolerance (geography distance, or
 * a geography buffer for polygons, both in metres) only for rows outside; distances and shares are
 * computed for the at most `limit` rows reported.
 */
function placementSql(check: PlacementCheck): { returning: string; select: string } {
  const columns = check.areas.map((a) => `ins.${ident(a.column)}`);
  const lowest = check.areas.map((a, i) => `WHEN ${columns[i]} IS NOT NULL THEN ${literal(a.column)}`).join(' ');
  const tableOf = check.areas.map((a) => `WHEN ${literal(a.column)} THEN ${literal(a.table)}`).join(' ');
  const lookups = check.areas
    .map((a, i) => `SELECT geom, name FROM ${ident(a.table)} WHERE l.col = ${literal(a.column)} AND code = ${columns[i]}`)
    .join(' UNION ALL ');
  const mustExist = check.areas.filter((a) => a.mustExist).map((a) => literal(a.column));
  const tolerance = Number(check.toleranceM);
  const within =
    check.geometry === 'Point'
      ? `ST_DWithin(a.geom::geography, ins.geom::geography, ${tolerance})`
      : `ST_Covers(ST_Buffer(a.geom::geography, ${tolerance})::geometry, ins.geom)`;
  const share = check.geometry === 'Point' ? 'NULL::float8' : 'ST_Area(ST_Difference(geom, ageom)::geography) / nullif(ST_Area(geom::geography), 0)';
  return {
    returning: ` RETURNING code, geom, ${check.areas.map((a) => ident(a.column)).join(', ')}`,
    select: `, bad AS (
      SELECT ins.code, ins.geom, l.col, l.area, a.geom AS ageom, a.name AS aname, count(*) OVER ()::int AS total
      FROM ins
      CROSS JOIN LATERAL (SELECT CASE ${lowest} END AS col, coalesce(${columns.join(', ')}) AS area) l
      LEFT JOIN LATERAL (${lookups} LIMIT 1) a ON true
      WHERE l.area IS NOT NULL AND CASE
        WHEN a.geom IS NULL THEN l.col IN (${mustExist.length ? mustExist.join(', ') : 'NULL'})
        WHEN ST_Covers(a.geom, ins.geom) THEN false
        ELSE NOT ${within}
      END
      LIMIT ${Math.max(1, Math.floor(check.limit))})
    SELECT code, col AS "column", CASE col ${tableOf} END AS "table", area AS "areaCode", aname AS "areaName", ageom IS NULL AS missing,
      round(ST_Distance(ageom::geography, geom::geography))::float8 AS "distanceM",
      CASE WHEN ageom IS NULL THEN NULL ELSE ${share} END AS "outsideShare", total
    FROM bad`,
  };
}

/**
 * Inserts a whole batch in one statement: every column travels as one array parameter and `unnest` turns
 * them back into rows, so 10k rows cost one round trip and one statement-level trigger. With `placement`,
 * the same statement returns the inserted rows that lie outside the area their codes name (see
 * PlacementCheck); the caller decides to throw, and the transaction then writes nothing.
 *
 * @example
 * await insertImportBatch(client, { table: 'volunteer_teams', columns: [
 *   { name: 'code', type: 'text', values: ['T1'] }, { name: 'name', type: 'text', values: ['队'] },
 *   { name: 'source', type: 'text', values: ['test'] }] });
 * const problems = await insertImportBatch(client, sitesBatch, { areas: [{ column: 'community_code',
 *   table: 'communities', mustExist: false }], geometry: 'Point', toleranceM: 200, limit: 20 });
 */
export async function insertImportBatch(client: Queryable, batch: ImportBatch, placement?: PlacementCheck): Promise<PlacementProblem[]> {
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
  const insert = `INSERT INTO ${ident(batch.table)} (${names.join(', ')})
     SELECT ${selects.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${aliases.join(', ')})`;
  if (!placement || !batch.geometry) {
    await client.query(insert);
    return [];
  }
  const { returning, select } = placementSql(placement);
  const result = await client.query<PlacementProblem>(`WITH ins AS (${insert}${returning})${select}`);
  return result.rows;
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
  // rows hanging off incidents and grid workers go with them (TRUNCATE needs every referencing table named)
  'incident_attachments',
  'incident_action_keys',
  'worker_positions',
  'worker_on_duty',
  'incident_events',
  'incidents',
  'volunteers',
  'volunteer_teams',
  'site_served_communities',
  'sites',
  'compounds',
  'grid_cells',
  'grid_workers',
  'communities',
  'streets',
  'districts',
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
  const result = await client.query<{ owner: boolean }>(`SELECT pg_has_role(relowner, 'USAGE') AS owner FROM pg_class WHERE oid = ${literal(table)}::regclass`);
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
