import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { overdueCondition } from './incidents.ts';
import { incidentAreaCondition } from './incidents-area.ts';
import { isWholeCity } from '../../core/areas/codes.ts';

/**
 * Assessment KPIs (结案率, 按期结案率, 返工率, 延期率, 化解率) computed entirely in SQL over one scan of the
 * cohort (GROUPING SETS for the totals, per child area, per category, per status). Definitions are in
 * core/contracts/kpis.ts and docs/kpis.md.
 */

const levels = [
  { length: 6, level: 'district', table: 'districts', column: 'district_code' },
  { length: 9, level: 'street', table: 'streets', column: 'street_code' },
  { length: 12, level: 'community', table: 'communities', column: 'community_code' },
  { length: 14, level: 'grid', table: 'grid_cells', column: 'grid_code' },
] as const;

const isCity = (code?: string) => isWholeCity(code);

/** The level of an area code and the level below it (null below a grid). */
export function areaLevels(code?: string) {
  const index = isCity(code) ? -1 : levels.findIndex((l) => l.length === code!.length);
  return { self: index < 0 ? null : levels[index]!, child: levels[index + 1] ?? null };
}

/**
 * Level 1, over the incidents of the cohort: plain GROUP BY (child, category, status) with FILTERed
 * counts — parallel-safe and free of joins, the only pass over the big table.
 */
const firstLevel = (where: SQL, child: SQL) => sql`
  SELECT ${child} AS child, i.category, i.status, count(*)::int AS total,
    count(*) FILTER (WHERE ${isDue})::int AS due,
    count(*) FILTER (WHERE ${isDue} AND i.closed_at IS NOT NULL)::int AS closed_due,
    count(*) FILTER (WHERE ${isDue} AND i.closed_at <= i.due_at)::int AS on_time,
    count(*) FILTER (WHERE i.closed_at IS NOT NULL)::int AS closed,
    count(*) FILTER (WHERE i.closed_at IS NOT NULL AND i.rework_count > 0)::int AS reworked,
    count(*) FILTER (WHERE i.dispatched_at IS NOT NULL)::int AS dispatched,
    count(*) FILTER (WHERE i.dispatched_at IS NOT NULL AND i.extended)::int AS extended,
    count(*) FILTER (WHERE i.resolved)::int AS resolved,
    count(*) FILTER (WHERE ${overdueCondition('i')})::int AS overdue
  FROM incidents i WHERE ${where}
  GROUP BY 1, 2, 3`;

/** 应结案: dispatched, not extended (缓办 are taken out), and closed or past the case deadline. */
const isDue = sql`(i.dispatched_at IS NOT NULL AND NOT i.extended AND (i.closed_at IS NOT NULL OR i.due_at <= now()))`;

/** Level 2, over the few level-1 rows: sums per grouping set; disputes need the category's group. */
const accepted = sql`(cat."group" = 'dispute' AND b.status NOT IN ('reported', 'rejected'))`;
const counts = sql`sum(b.total)::int AS total, sum(b.due)::int AS "due", sum(b.closed_due)::int AS "closedDue",
  sum(b.on_time)::int AS "onTime", sum(b.closed)::int AS closed, sum(b.reworked)::int AS reworked,
  sum(b.dispatched)::int AS dispatched, sum(b.extended)::int AS extended,
  coalesce(sum(b.total) FILTER (WHERE ${accepted}), 0)::int AS "disputesAccepted",
  coalesce(sum(b.resolved) FILTER (WHERE ${accepted}), 0)::int AS "disputesResolved",
  sum(b.overdue)::int AS overdue`;
const rates = sql`"closedDue"::float8 / nullif("due", 0) AS "closureRate",
  "onTime"::float8 / nullif("due", 0) AS "onTimeRate",
  reworked::float8 / nullif(closed, 0) AS "reworkRate",
  extended::float8 / nullif(dispatched, 0) AS "extensionRate",
  "disputesResolved"::float8 / nullif("disputesAccepted", 0) AS "resolutionRate"`;

export type KpiGroupRow = Record<string, number | null> & { grp: number; child: string | null; category: string | null; status: string | null };

/**
 * All KPI counts and rates of a period: the total (grp 7), per child area (3), per category (5) and per
 * status (6), from ONE scan.
 *
 * @example
 * const rows = await kpiGroups(db, { area: '210103', from, to, scope: sql`true` });
 */
export async function kpiGroups(db: Db, q: KpiGroupQuery): Promise<KpiGroupRow[]> {
  const result = await db.execute<KpiGroupRow>(kpiGroupsSql(q));
  return result.rows;
}

export interface KpiGroupQuery {
  area?: string;
  from: string;
  to: string;
  scope: SQL;
}

/** The statement behind `kpiGroups` (exported for EXPLAIN in bench/kpis.ts). */
export function kpiGroupsSql(q: KpiGroupQuery): SQL {
  const { child } = areaLevels(q.area);
  const where = sql`${incidentAreaCondition(q.area)} AND ${q.scope}
    AND i.reported_at >= ${q.from}::timestamptz AND i.reported_at < ${q.to}::timestamptz`;
  return sql`
    WITH b0 AS (${firstLevel(where, child ? sql.raw(`i.${child.column}`) : sql`NULL::text`)}),
    g AS (
      SELECT GROUPING(b.child, b.category, b.status)::int AS grp, b.child, b.category, b.status, ${counts}
      FROM b0 b JOIN incident_categories cat ON cat.code = b.category
      GROUP BY GROUPING SETS ((), (b.child), (b.category), (b.status))
    )
    SELECT g.*, ${rates} FROM g`;
}

/**
 * The areas one level below `area` that the principal may see (scopeCode null: all), with names.
 *
 * @example
 * await childAreas(db, '210103', null) // the streets of 沈河区
 */
export async function childAreas(db: Db, area: string | undefined, scopeCode: string | null, asOf?: string): Promise<{ code: string; name: string }[]> {
  const { child } = areaLevels(area);
  if (!child) return [];
  if (asOf && area && (child.level === 'grid' || child.level === 'community')) return childAreasAsOf(db, area, child.level, scopeCode, asOf);
  const cityParent = area ? sql`left(a.code, 4) = ${area.slice(0, 4)}` : sql`true`;
  const parent = isCity(area) ? cityParent : sql`a.parent_code = ${area}`;
  const scope = scopeCode ? sql`(left(a.code, ${scopeCode.length}) = ${scopeCode} OR left(${scopeCode}, length(a.code)) = a.code)` : sql`true`;
  const result = await db.execute<{ code: string; name: string }>(
    sql`SELECT a.code, a.name FROM ${sql.identifier(child.table)} a WHERE ${parent} AND ${scope} ORDER BY a.code`,
  );
  return result.rows;
}

/**
 * The communities or grids below `area` as the boundaries stood at `asOf` (versions of migration 0020, plus
 * live rows never edited), so incidents filed under a grid since merged away still find their row.
 */
async function childAreasAsOf(db: Db, area: string, level: 'grid' | 'community', scopeCode: string | null, asOf: string) {
  const table = sql.identifier(level === 'grid' ? 'grid_cells' : 'communities');
  const scope = scopeCode ? sql`(left(a.code, ${scopeCode.length}) = ${scopeCode} OR left(${scopeCode}, length(a.code)) = a.code)` : sql`true`;
  const result = await db.execute<{ code: string; name: string }>(sql`
    SELECT a.code, a.name FROM (
      SELECT code, name, parent_code FROM area_versions
      WHERE level = ${level} AND parent_code = ${area} AND valid_from <= ${asOf}::timestamptz AND valid_to > ${asOf}::timestamptz
      UNION ALL
      SELECT code, name, parent_code FROM ${table} t
      WHERE parent_code = ${area} AND NOT EXISTS (SELECT 1 FROM area_versions v WHERE v.level = ${level} AND v.code = t.code)
    ) a WHERE ${scope} ORDER BY a.code`);
  return result.rows;
}

/** Name of an area (null when unknown); the city is 全市. */
export async function areaName(db: Db, area?: string): Promise<string | null> {
  const { self } = areaLevels(area);
  if (!self) return '全市';
  const result = await db.execute<{ name: string }>(sql`SELECT name FROM ${sql.identifier(self.table)} WHERE code = ${area!}`);
  return result.rows[0]?.name ?? null;
}

/** The category registry, in display order. */
export async function categoryRegistry(db: Db) {
  const result = await db.execute<{ code: string; nameZh: string; nameEn: string; group: string }>(
    sql`SELECT code, name_zh AS "nameZh", name_en AS "nameEn", "group" FROM incident_categories ORDER BY sort_order, code`,
  );
  return result.rows;
}
