import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { incidentColumns, type IncidentRow } from './incidents.ts';

/** A property type of a served layer; filters and exports use it. */
export type PropertyType = 'text' | 'integer' | 'boolean';

export interface LayerTable {
  table: string;
  geometry: 'MultiPolygon' | 'Point';
  /** the columns served, snake_case as in the table and the import files (never personal ones) */
  properties: Record<string, PropertyType>;
}

const area = { code: 'text', name: 'text', parent_code: 'text', code_vintage: 'text', synthetic: 'boolean', source: 'text' } as const;

/**
 * The public layers, by collection id. Their properties are the table columns minus personal data
 * (site contacts), so an exported layer can be imported again as it is.
 */
export const layerTables = {
  districts: { table: 'districts', geometry: 'MultiPolygon', properties: { ...area } },
  streets: { table: 'streets', geometry: 'MultiPolygon', properties: { ...area, kind: 'text' } },
  communities: { table: 'communities', geometry: 'MultiPolygon', properties: { ...area, kind: 'text' } },
  grid_cells: {
    table: 'grid_cells',
    geometry: 'MultiPolygon',
    properties: { ...area, kind: 'text', dedicated_type: 'text', households: 'integer', population: 'integer', worker_code: 'text' },
  },
  compounds: {
    table: 'compounds',
    geometry: 'Point',
    properties: { code: 'text', name: 'text', community_code: 'text', households: 'integer', population: 'integer', synthetic: 'boolean', source: 'text' },
  },
  sites: {
    table: 'sites',
    geometry: 'Point',
    properties: {
      code: 'text',
      kind: 'text',
      name: 'text',
      address: 'text',
      district_code: 'text',
      street_code: 'text',
      community_code: 'text',
      synthetic: 'boolean',
      source: 'text',
    },
  },
} as const satisfies Record<string, LayerTable>;
export type LayerId = keyof typeof layerTables;

/** Filters of one page: a lon/lat bbox, property equality (any of the values), keyset after a code. */
export interface FeatureQuery {
  bbox?: [number, number, number, number];
  /** column → accepted values (already checked against the property type) */
  equals?: Record<string, (string | number | boolean)[]>;
  /** incidents only: reported_at within [from, to) */
  from?: string;
  to?: string;
  after?: string;
  limit: number;
}

export interface LayerFeatureRow {
  id: string;
  /** GeoJSON text in lon/lat */
  geometry: string;
  properties: Record<string, unknown>;
}

const bboxCondition = (geom: SQL, bbox?: [number, number, number, number]) =>
  bbox ? sql`${geom} && ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)` : sql`true`;

function equalsConditions(alias: string, equals: FeatureQuery['equals'], types: Record<string, PropertyType>): SQL[] {
  return Object.entries(equals ?? {}).map(([column, values]) => {
    const target = sql.raw(`${alias}.${JSON.stringify(column)}`);
    const cast = types[column] === 'text' ? target : sql`${target}::text`;
    return sql`${cast} IN (${sql.join(
      values.map((v) => sql`${String(v)}`),
      sql`, `,
    )})`;
  });
}

/** The filters of a layer query that decide which features match (not the page: `after`, `limit`). */
const layerFilters = (layer: LayerId, query: FeatureQuery): SQL[] => [
  bboxCondition(sql`t.geom`, query.bbox),
  ...equalsConditions('t', query.equals, layerTables[layer].properties),
];

/**
 * One page of a public layer ordered by code (keyset: `after` = the last code of the previous page);
 * returns `limit + 1` rows at most so the caller knows whether a next page exists.
 *
 * @example
 * const rows = await layerFeatures(db, 'streets', { bbox: [123.3, 41.7, 123.5, 41.9], equals: { kind: ['town'] }, limit: 100 });
 */
export async function layerFeatures(db: Db, layer: LayerId, query: FeatureQuery, code?: string): Promise<LayerFeatureRow[]> {
  const spec: LayerTable = layerTables[layer];
  const columns = Object.keys(spec.properties).map((name) => sql.raw(`t.${JSON.stringify(name)}`));
  const conditions = [
    ...layerFilters(layer, query),
    query.after === undefined ? sql`true` : sql`t.code > ${query.after}`,
    code === undefined ? sql`true` : sql`t.code = ${code}`,
  ];
  const result = await db.execute<Record<string, unknown> & { __geometry: string }>(sql`
    SELECT ${sql.join(columns, sql`, `)}, ST_AsGeoJSON(t.geom, 7) AS __geometry
    FROM ${sql.identifier(spec.table)} t WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY t.code LIMIT ${query.limit + 1}`);
  return result.rows.map(({ __geometry, ...properties }) => ({ id: String(properties.code), geometry: __geometry, properties }));
}

const incidentFilters = (scope: SQL, query: FeatureQuery): SQL[] => [
  scope,
  bboxCondition(sql`i.geom`, query.bbox),
  ...equalsConditions('i', query.equals, incidentProperties),
  query.from === undefined ? sql`true` : sql`i.reported_at >= ${query.from}::timestamptz`,
  query.to === undefined ? sql`true` : sql`i.reported_at < ${query.to}::timestamptz`,
];

/**
 * One page of incidents inside `scope` (SQL from scopeCondition), ordered by code, as the incident
 * API's rows (personal fields still clear: the caller masks them).
 *
 * @example
 * const rows = await incidentFeatures(db, scope, { from: '2024-01-01T00:00:00Z', equals: { status: ['closed'] }, limit: 100 });
 */
export async function incidentFeatures(db: Db, scope: SQL, query: FeatureQuery, code?: string): Promise<IncidentRow[]> {
  const conditions = [
    ...incidentFilters(scope, query),
    query.after === undefined ? sql`true` : sql`i.code > ${query.after}`,
    code === undefined ? sql`true` : sql`i.code = ${code}`,
  ];
  const result = await db.execute<IncidentRow>(sql`
    SELECT ${incidentColumns('i')} FROM incidents i WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY i.code LIMIT ${query.limit + 1}`);
  return result.rows;
}

/** Incident columns a client may filter on by equality. */
export const incidentProperties: Record<string, PropertyType> = {
  code: 'text',
  category: 'text',
  dispute_type: 'text',
  status: 'text',
  source: 'text',
  grid_code: 'text',
  community_code: 'text',
  street_code: 'text',
  district_code: 'text',
};

/**
 * The city's extent (all layers lie inside the districts) and the reported-time range of the
 * incidents inside `scope`; cheap enough for every /collections call.
 *
 * @example
 * const { bbox, firstReported } = await ogcExtents(db, sql`true`);
 */
export async function ogcExtents(
  db: Db,
  scope: SQL,
): Promise<{ bbox: [number, number, number, number] | null; firstReported: string | null; lastReported: string | null }> {
  const result = await db.execute<{ w: number | null; s: number | null; e: number | null; n: number | null; first: string | null; last: string | null }>(sql`
    WITH ext AS (SELECT ST_Extent(geom) AS b FROM districts)
    SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n,
      (SELECT to_char(min(i.reported_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM incidents i WHERE ${scope}) AS first,
      (SELECT to_char(max(i.reported_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM incidents i WHERE ${scope}) AS last
    FROM ext`);
  const row = result.rows[0]!;
  const bbox = row.w === null ? null : ([row.w, row.s, row.e, row.n].map(Number) as [number, number, number, number]);
  return { bbox, firstReported: row.first, lastReported: row.last };
}

/**
 * Most matching features counted for `numberMatched`. The count reads every match (index-only at best),
 * so past this many it stops and the answer leaves `numberMatched` out, which the standard allows; on
 * the full demo city a capped count costs about as much as one page of 100 features (docs/interop.md).
 */
export const maxCounted = 20_000;

async function cappedCount(db: Db, from: SQL, conditions: SQL[]): Promise<number | undefined> {
  const result = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${sql.join(conditions, sql` AND `)} LIMIT ${maxCounted + 1}) q`);
  const n = Number(result.rows[0]!.n);
  return n > maxCounted ? undefined : n;
}

/**
 * How many features of a layer match the query's filters (all pages), or undefined past `maxCounted`.
 *
 * @example
 * await countLayerFeatures(db, 'grid_cells', { bbox: [123.3, 41.7, 123.5, 41.9], limit: 100 }) // 412
 */
export function countLayerFeatures(db: Db, layer: LayerId, query: FeatureQuery): Promise<number | undefined> {
  return cappedCount(db, sql`${sql.identifier(layerTables[layer].table)} t`, layerFilters(layer, query));
}

/**
 * How many incidents inside `scope` match the query's filters, or undefined past `maxCounted`.
 *
 * @example
 * await countIncidentFeatures(db, scope, { equals: { status: ['closed'] }, limit: 100 }) // 1834
 */
export function countIncidentFeatures(db: Db, scope: SQL, query: FeatureQuery): Promise<number | undefined> {
  return cappedCount(db, sql`incidents i`, incidentFilters(scope, query));
}
