import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { overdueCondition } from './incidents.ts';
import { incidentAreaCondition } from './incidents-area.ts';

/**
 * Assessment KPIs (结案率, 按期结案率, 返工率, 延期率, 化解率) computed entirely in SQL over one scan of the
 * cohort (GROUPING SETS for the totals, per child area, per category, per status). Definitions are in
 * server/contracts/kpis.ts and docs/kpis.md.
 */

const levels = [
  { length: 6, level: 'district', table: 'districts', column: 'district_code' },
  { length: 9, level: 'street', table: 'streets', column: 'street_code' },
  { length: 12, level: 'community', table: 'communities', column: 'community_code' },
  { length: 14, level: 'grid', table: 'grid_cells', column: 'grid_code' },
] as const;

const isCity = (code?: string) => !code || code.length === 4 || (code.length === 6 && code.endsWith('00'));

/** The level of an area code and the level below it (null below a grid). */
export function areaLevels(code?: string) {
  const index = isCity(code) ? -1 : levels.findIndex((l) => l.length === code!.length);
  return { self: index < 0 ? null : levels[index]!, child: levels[index + 1] ?? null };
}

/** count(*) FILTERs over the cohort alias `c` (see `cohort`), then the rates from them. */
const counts = sql`count(*)::int AS total,
  count(*) FILTER (WHERE c.is_due)::int AS "due",
  count(*) FILTER (WHERE c.is_due AND c.closed_at IS NOT NULL)::int AS "closedDue",
  count(*) FILTER (WHERE c.is_due AND c.closed_at <= c.due_at)::int AS "onTime",
  count(*) FILTER (WHERE c.closed_at IS NOT NULL)::int AS closed,
  count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.rework_count > 0)::int AS reworked,
  count(*) FILTER (WHERE c.dispatched_at IS NOT NULL)::int AS dispatched,
  count(*) FILTER (WHERE c.dispatched_at IS NOT NULL AND c.extended)::int AS extended,
  count(*) FILTER (WHERE c.accepted_dispute)::int AS "disputesAccepted",
  count(*) FILTER (WHERE c.accepted_dispute AND c.resolved)::int AS "disputesResolved",
  count(*) FILTER (WHERE c.overdue)::int AS overdue`;
const rates = sql`"closedDue"::float8 / nullif("due", 0) AS "closureRate",
  "onTime"::float8 / nullif("due", 0) AS "onTimeRate",
  reworked::float8 / nullif(closed, 0) AS "reworkRate",
  extended::float8 / nullif(dispatched, 0) AS "extensionRate",
  "disputesResolved"::float8 / nullif("disputesAccepted", 0) AS "resolutionRate"`;

/** The cohort CTE body: incidents in area ∩ scope with reported_at in [from, to), with KPI flags. */
const cohort = (where: SQL, child: SQL) => sql`
  SELECT ${child} AS child, i.category, i.status, i.closed_at, i.due_at, i.rework_count, i.dispatched_at, i.extended,
    i.resolved,
    (i.dispatched_at IS NOT NULL AND NOT i.extended AND (i.closed_at IS NOT NULL OR i.due_at <= now())) AS is_due,
    (cat."group" = 'dispute' AND i.status NOT IN ('reported', 'rejected')) AS accepted_dispute,
    ${overdueCondition('i')} AS overdue
  FROM incidents i JOIN incident_categories cat ON cat.code = i.category
  WHERE ${where}`;

export type KpiGroupRow = Record<string, number | null> & { grp: number; child: string | null; category: string | null; status: string | null };

/**
 * All KPI counts and rates of a period: the total (grp 7), per child area (3), per category (5) and per
 * status (6), from ONE scan.
 *
 * @example
 * const rows = await kpiGroups(db, { area: '210103', from, to, scope: sql`true` });
 */
export async function kpiGroups(db: Db, q: { area?: string; from: string; to: string; scope: SQL }): Promise<KpiGroupRow[]> {
  const { child } = areaLevels(q.area);
  const where = sql`${incidentAreaCondition(q.area)} AND ${q.scope}
    AND i.reported_at >= ${q.from}::timestamptz AND i.reported_at < ${q.to}::timestamptz`;
  const result = await db.execute<KpiGroupRow>(sql`
    WITH c AS (${cohort(where, child ? sql.raw(`i.${child.column}`) : sql`NULL::text`)}),
    g AS (
      SELECT GROUPING(c.child, c.category, c.status)::int AS grp, c.child, c.category, c.status, ${counts}
      FROM c GROUP BY GROUPING SETS ((), (c.child), (c.category), (c.status))
    )
    SELECT g.*, ${rates} FROM g`);
  return result.rows;
}

/**
 * The areas one level below `area` that the principal may see (scopeCode null: all), with names.
 *
 * @example
 * await childAreas(db, '210103', null) // the streets of 沈河区
 */
export async function childAreas(db: Db, area: string | undefined, scopeCode: string | null): Promise<{ code: string; name: string }[]> {
  const { child } = areaLevels(area);
  if (!child) return [];
  const cityParent = area ? sql`left(a.code, 4) = ${area.slice(0, 4)}` : sql`true`;
  const parent = isCity(area) ? cityParent : sql`a.parent_code = ${area}`;
  const scope = scopeCode
    ? sql`(left(a.code, ${scopeCode.length}) = ${scopeCode} OR left(${scopeCode}, length(a.code)) = a.code)`
    : sql`true`;
  const result = await db.execute<{ code: string; name: string }>(
    sql`SELECT a.code, a.name FROM ${sql.identifier(child.table)} a WHERE ${parent} AND ${scope} ORDER BY a.code`,
  );
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
