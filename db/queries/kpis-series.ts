import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { asDate, openCondition, overdueCondition } from './incidents.ts';
import { incidentAreaCondition } from './incidents-area.ts';
import type { PreventableResponse, SummaryResponse, TrendResponse } from '../../core/contracts/kpis.ts';
import { isWholeCity } from '../../core/areas/codes.ts';

/** Local (Asia/Shanghai) midnight of today, as SQL. */
const todayStart = sql`(date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')`;

/**
 * The last `months` calendar months (Asia/Shanghai), oldest first: cases reported in each month and how
 * many of them are closed / closed on time (same definitions as the KPIs).
 *
 * @example
 * const { months } = await kpiTrend(db, { area: '210103', months: 12, scope: sql`true` });
 */
export async function kpiTrend(db: Db, q: { area?: string; months: number; to?: string; scope: SQL }): Promise<TrendResponse> {
  const { first, end } = monthWindow(q.to ? new Date(q.to) : new Date(), q.months);
  const result = await db.execute<TrendResponse['months'][number]>(sql`
    WITH m AS (
      SELECT generate_series(${first}::timestamp, ${first}::timestamp + make_interval(months => ${q.months - 1}), interval '1 month') AS start
    ),
    c AS (
      SELECT date_trunc('month', i.reported_at AT TIME ZONE 'Asia/Shanghai') AS month, count(*)::int AS reported,
        count(i.closed_at)::int AS closed,
        count(*) FILTER (WHERE ${isDueSql})::int AS due,
        count(*) FILTER (WHERE ${isDueSql} AND i.closed_at IS NOT NULL)::int AS closed_due,
        count(*) FILTER (WHERE ${isDueSql} AND i.closed_at <= i.due_at)::int AS on_time
      FROM incidents i
      WHERE ${incidentAreaCondition(q.area)} AND ${q.scope}
        AND i.reported_at >= (${first}::timestamp AT TIME ZONE 'Asia/Shanghai')
        AND i.reported_at < (${end}::timestamp AT TIME ZONE 'Asia/Shanghai')
      GROUP BY 1
    )
    SELECT to_char(m.start, 'YYYY-MM') AS month, coalesce(c.reported, 0) AS reported, coalesce(c.closed, 0) AS closed,
      c.closed_due::float8 / nullif(c.due, 0) AS "closureRate", c.on_time::float8 / nullif(c.due, 0) AS "onTimeRate"
    FROM m LEFT JOIN c ON c.month = m.start ORDER BY m.start`);
  return { months: result.rows };
}

/** Same 应结案 rule as the KPIs (db/queries/kpis.ts). */
const isDueSql = sql`(i.dispatched_at IS NOT NULL AND NOT i.extended AND (i.closed_at IS NOT NULL OR i.due_at <= now()))`;

/**
 * Local (UTC+8) month starts as 'YYYY-MM-01 00:00': the first of `months` months ending with the month
 * that contains the instant just before `to`, and the start of the month after the last.
 *
 * @example
 * monthWindow(new Date('2022-01-01T00:00:00+08:00'), 12) // { first: '2021-01-01 00:00', end: '2022-01-01 00:00' }
 */
export function monthWindow(to: Date, months: number) {
  const local = new Date(to.getTime() - 1 + 8 * 3600_000);
  const index = local.getUTCFullYear() * 12 + local.getUTCMonth() + 1; // month after the last
  const label = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01 00:00`;
  return { first: label(index - months), end: label(index) };
}

/**
 * Preventable cases (category group `preventable`, not rejected) per calendar year (Asia/Shanghai) and
 * the change against the year before ((n − prev) ÷ prev; null for the first year).
 *
 * @example
 * const { years } = await preventableByYear(db, { scope: sql`true` }); // [{ year: 2017, cases, change: null }, …]
 */
export async function preventableByYear(db: Db, q: { area?: string; scope: SQL }): Promise<PreventableResponse> {
  const result = await db.execute<PreventableResponse['years'][number]>(sql`
    WITH y AS (
      SELECT extract(year FROM i.reported_at AT TIME ZONE 'Asia/Shanghai')::int AS year, count(*)::int AS cases
      FROM incidents i
      WHERE i.category IN (SELECT code FROM incident_categories WHERE "group" = 'preventable')
        AND i.status <> 'rejected' AND ${incidentAreaCondition(q.area)} AND ${q.scope}
      GROUP BY 1
    )
    SELECT year, cases,
      (cases - lag(cases) OVER w)::float8 / nullif(lag(cases) OVER w, 0) AS change
    FROM y WINDOW w AS (ORDER BY year) ORDER BY year`);
  return { area: q.area ?? null, years: result.rows };
}

/**
 * The dashboard's number cards: reported today, open (in progress), open past the stage deadline,
 * closed today, and the registered grid workers of the area (all / full-time).
 *
 * @example
 * const cards = await kpiSummary(db, { area: '210103', scope: sql`true`, workerScope: sql`true` });
 */
export async function kpiSummary(db: Db, q: { area?: string; scope: SQL; latestScope: SQL; workerScope: SQL }): Promise<SummaryResponse> {
  const open = openCondition('i');
  const workerArea = q.area && !isWholeCity(q.area) ? sql`left(w.community_code, ${Math.min(q.area.length, 12)}) = ${q.area.slice(0, 12)}` : sql`true`;
  const where = sql`${incidentAreaCondition(q.area)} AND ${q.scope}`;
  // Separate index-friendly counts (reported_at, status, closed_at), never a scan of every case.
  const result = await db.execute<Omit<SummaryResponse, 'latestReportedAt'> & { latestReportedAt: string | Date | null }>(sql`
    SELECT
      (SELECT count(*) FROM incidents i WHERE ${where} AND i.reported_at >= ${todayStart})::int AS today,
      o."inProgress", o.overdue,
      (SELECT count(*) FROM incidents i WHERE ${where} AND i.closed_at >= ${todayStart})::int AS "closedToday",
      (SELECT count(*) FROM grid_workers w WHERE ${workerArea} AND ${q.workerScope})::int AS "gridWorkers",
      (SELECT count(*) FROM grid_workers w WHERE ${workerArea} AND ${q.workerScope} AND w.employment = 'full_time')::int AS "fullTimeWorkers",
      (SELECT max(l.reported_at) FROM incidents l WHERE ${incidentAreaCondition(q.area, 'l')} AND ${q.latestScope}) AS "latestReportedAt"
    FROM (SELECT count(*)::int AS "inProgress", count(*) FILTER (WHERE ${overdueCondition('i')})::int AS overdue
          FROM incidents i WHERE ${where} AND ${open}) o`);
  const row = result.rows[0]!;
  return { ...row, latestReportedAt: row.latestReportedAt ? asDate(row.latestReportedAt).toISOString() : null };
}
