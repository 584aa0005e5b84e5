import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { incidentColumns, type IncidentRow } from './incidents.ts';

export type ServiceRow = {
  code: string;
  nameZh: string;
  nameEn: string;
  group: string;
};

/**
 * The incident categories (Open311 services), in their registry order, and the dispute types (the
 * values of a dispute service's `dispute_type` attribute).
 *
 * @example
 * const { services, disputeTypes } = await open311Services(db);
 */
export async function open311Services(db: Db): Promise<{ services: ServiceRow[]; disputeTypes: { code: string; nameZh: string; nameEn: string }[] }> {
  const services = await db.execute<ServiceRow>(sql`
    SELECT code, name_zh AS "nameZh", name_en AS "nameEn", "group" FROM incident_categories ORDER BY sort_order, code`);
  const types = await db.execute<{ code: string; nameZh: string; nameEn: string }>(sql`
    SELECT code, name_zh AS "nameZh", name_en AS "nameEn" FROM dispute_types ORDER BY sort_order, code`);
  return { services: services.rows, disputeTypes: types.rows };
}

export interface Open311Filter {
  codes?: string[];
  categories?: string[];
  /** 'open' / 'closed' as SQL over the workflow statuses */
  statuses?: ('open' | 'closed')[];
  from?: string;
  to?: string;
  limit: number;
}

export type Open311Row = IncidentRow & { serviceName: string; place: string | null };

/**
 * Incidents inside `scope` as Open311 requests: by code (any of), or by category, open/closed and
 * reported time, newest first.
 *
 * @example
 * const rows = await open311Requests(db, scope, { statuses: ['open'], from, to, limit: 1000 }, openStatuses);
 */
export async function open311Requests(db: Db, scope: SQL, filter: Open311Filter, openStatuses: readonly string[]): Promise<Open311Row[]> {
  const list = (values: string[]) =>
    sql.join(
      values.map((v) => sql`${v}`),
      sql`, `,
    );
  const open = sql`i.status IN (${list([...openStatuses])})`;
  const conditions: SQL[] = [scope];
  if (filter.codes?.length) conditions.push(sql`i.code IN (${list(filter.codes)})`);
  if (filter.categories?.length) conditions.push(sql`i.category IN (${list(filter.categories)})`);
  if (filter.statuses?.length === 1) conditions.push(filter.statuses[0] === 'open' ? open : sql`NOT ${open}`);
  if (filter.from) conditions.push(sql`i.reported_at >= ${filter.from}::timestamptz`);
  if (filter.to) conditions.push(sql`i.reported_at <= ${filter.to}::timestamptz`);
  const result = await db.execute<Open311Row>(sql`
    SELECT ${incidentColumns('i')},
      (SELECT c.name_zh FROM incident_categories c WHERE c.code = i.category) AS "serviceName",
      (SELECT cm.name || '（' || s.name || '）' FROM communities cm JOIN streets s ON s.code = cm.parent_code
        WHERE cm.code = i.community_code) AS place
    FROM incidents i WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY i.reported_at DESC, i.id DESC LIMIT ${filter.limit}`);
  return result.rows;
}

/** The code of an incident by id (the Open311 service_request_id of a new request). */
export async function incidentCode(db: Db, id: number): Promise<string> {
  const result = await db.execute<{ code: string }>(sql`SELECT code FROM incidents WHERE id = ${id}`);
  return result.rows[0]!.code;
}

/** The table of each place kind the search index holds (workers are people, not places). */
const placeTables = {
  district: 'districts',
  street: 'streets',
  community: 'communities',
  grid: 'grid_cells',
  site: 'sites',
  compound: 'compounds',
  place: 'places',
} as const;

/**
 * A point of a place found by the search index, in WGS-84: the point itself for a site, compound or
 * gazetteer point, else a point on the area's surface (a centroid may lie outside a concave area).
 *
 * @example
 * await placePoint(db, 'street', '210103001') // { lon: 123.45…, lat: 41.79… }
 */
export async function placePoint(db: Db, kind: string, code: string): Promise<{ lon: number; lat: number } | undefined> {
  const table = Object.hasOwn(placeTables, kind) ? placeTables[kind as keyof typeof placeTables] : undefined;
  if (!table) return undefined;
  const { rows } = await db.execute<{ lon: number; lat: number }>(sql`
    SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM ${sql.identifier(table)} WHERE code = ${code} LIMIT 1) s`);
  return rows[0] ? { lon: Number(rows[0].lon), lat: Number(rows[0].lat) } : undefined;
}
