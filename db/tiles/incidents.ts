/**
 * Incidents for the map as compact binary columns, built inside PostgreSQL: `float4send` gives
 * 4 big-endian bytes per coordinate and `int2send` 2 bytes per incident holding
 * (category << 4 | status) and the month since 2018-01. 10 bytes per incident before compression.
 */
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../client.ts';
import type { Principal } from '../../core/access/roles.ts';
import { scopeCondition } from '../queries/scope.ts';

/** Workflow statuses in a fixed order; their index is the 4-bit status code on the wire. */
export const incidentStatuses = ['reported', 'registered', 'rejected', 'dispatched', 'handling', 'feedback', 'verifying', 'closed', 'evaluated'] as const;
export const MONTH_ZERO = { year: 2018, month: 1 };

export interface IncidentFilter {
  categories?: string[];
  statuses?: string[];
  /** inclusive instant (ISO 8601; the contract turns a bare date into the start of its local day) */
  from?: string;
  /** exclusive instant (the contract turns a bare date into the end of its local day) */
  to?: string;
  /** SQL condition over the incidents row `i` limiting it to the caller's area (default: none) */
  scopeSql?: string;
  scopeValues?: unknown[];
}

export interface IncidentColumns {
  count: number;
  categories: string[];
  /** code → [中文, English] */
  categoryNames: Record<string, [string, string]>;
  /** big-endian float32 pairs lon, lat */
  positionsBE: Buffer;
  /** per incident: [category << 4 | status, month index]; for aggregates the first byte is 255 */
  attributes: Buffer;
  /** aggregated (public density): big-endian uint16 count per cell-month; absent for points */
  weightsBE?: Buffer;
}

function where(filter: IncidentFilter, values: unknown[]): string {
  const conditions: string[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conditions.push(sql.replace('?', `$${values.length}`));
  };
  if (filter.categories?.length) add('i.category = ANY(?)', filter.categories);
  if (filter.statuses?.length) add('i.status = ANY(?)', filter.statuses);
  if (filter.from) add('i.reported_at >= ?::timestamptz', filter.from);
  if (filter.to) add('i.reported_at < ?::timestamptz', filter.to);
  if (filter.scopeSql) {
    const offset = values.length;
    values.push(...(filter.scopeValues ?? []));
    conditions.push(filter.scopeSql.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + offset}`));
  }
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

const monthIndex = `greatest(0, least(255, (extract(year FROM i.reported_at AT TIME ZONE 'Asia/Shanghai')::int - ${MONTH_ZERO.year}) * 12
  + extract(month FROM i.reported_at AT TIME ZONE 'Asia/Shanghai')::int - ${MONTH_ZERO.month}))`;

async function categoryList(database: Database): Promise<{ codes: string[]; names: Record<string, [string, string]> }> {
  const { rows } = await database.pool.query<{ code: string; name_zh: string; name_en: string }>(
    'SELECT code, name_zh, name_en FROM incident_categories ORDER BY sort_order, code',
  );
  return { codes: rows.map((row) => row.code), names: Object.fromEntries(rows.map((row) => [row.code, [row.name_zh, row.name_en]])) };
}

/**
 * Every matching incident as binary columns (signed-in callers; `scopeSql` limits the area).
 *
 * @example
 * const columns = await readIncidentColumns(database, { statuses: ['closed'], from: '2020-01-01' });
 */
export async function readIncidentColumns(database: Database, filter: IncidentFilter): Promise<IncidentColumns> {
  const { codes: categories, names } = await categoryList(database);
  const values: unknown[] = [categories, [...incidentStatuses]];
  const { rows } = await database.pool.query(
    `SELECT count(*)::int AS count,
       coalesce(string_agg(float4send(ST_X(i.geom)::float4) || float4send(ST_Y(i.geom)::float4), ''::bytea ORDER BY i.id), ''::bytea) AS positions,
       coalesce(string_agg(int2send(((least(15, coalesce(array_position($1::text[], i.category), 16) - 1) * 16
           + least(15, coalesce(array_position($2::text[], i.status), 16) - 1)) * 256 + ${monthIndex} - 32768)::int2), ''::bytea ORDER BY i.id), ''::bytea) AS attributes
     FROM incidents i ${where(filter, values)}`,
    values,
  );
  const row = rows[0];
  // int2send is signed: the -32768 above shifts the unsigned pair into int2 range; undo it here.
  const attributes = Buffer.from(row.attributes as Buffer);
  for (let i = 0; i < attributes.length; i += 2) attributes[i] = (attributes[i]! + 128) & 0xff;
  return { count: row.count, categories, categoryNames: names, positionsBE: row.positions, attributes };
}

/**
 * Public density: counts per ~`cellDegrees` cell and month (no individual incident leaves the server),
 * placed at the cell centre.
 *
 * @example
 * const density = await readIncidentDensity(database, { from: '2019-01-01', to: '2020-01-01' }, 0.005);
 */
export async function readIncidentDensity(database: Database, filter: IncidentFilter, cellDegrees: number): Promise<IncidentColumns> {
  const { codes: categories, names } = await categoryList(database);
  const values: unknown[] = [cellDegrees];
  const { rows } = await database.pool.query(
    `WITH cells AS (
       SELECT floor(ST_X(i.geom) / $1) AS cx, floor(ST_Y(i.geom) / $1) AS cy, ${monthIndex} AS month, least(count(*), 65535)::int AS n
       FROM incidents i ${where(filter, values)}
       GROUP BY 1, 2, 3
     )
     SELECT count(*)::int AS count,
       coalesce(string_agg(float4send(((cx + 0.5) * $1)::float4) || float4send(((cy + 0.5) * $1)::float4), ''::bytea ORDER BY cx, cy, month), ''::bytea) AS positions,
       coalesce(string_agg(int2send((255 * 256 + month - 32768)::int2), ''::bytea ORDER BY cx, cy, month), ''::bytea) AS attributes,
       coalesce(string_agg(int2send((n - 32768)::int2), ''::bytea ORDER BY cx, cy, month), ''::bytea) AS weights
     FROM cells`,
    values,
  );
  const row = rows[0];
  const unshift = (buffer: Buffer) => {
    const copy = Buffer.from(buffer);
    for (let i = 0; i < copy.length; i += 2) copy[i] = (copy[i]! + 128) & 0xff;
    return copy;
  };
  return {
    count: row.count,
    categories,
    categoryNames: names,
    positionsBE: row.positions,
    attributes: unshift(row.attributes),
    weightsBE: unshift(row.weights),
  };
}

const dialect = new PgDialect();

/** The caller's area as SQL over the incidents row `i` (the scope helper as plain SQL text with its parameters). */
export function incidentScopeFilter(principal: Principal): Pick<IncidentFilter, 'scopeSql' | 'scopeValues'> {
  const condition = scopeCondition(principal, {
    district: sql.raw('i.district_code'),
    street: sql.raw('i.street_code'),
    community: sql.raw('i.community_code'),
    grid: sql.raw('i.grid_code'),
  });
  const query = dialect.sqlToQuery(condition);
  return { scopeSql: query.sql, scopeValues: query.params };
}
