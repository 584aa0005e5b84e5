import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { asDate, openCondition, overdueCondition } from './incidents.ts';
import { incidentAreaCondition } from './incidents-area.ts';
import type { PreventableResponse, SummaryResponse, TrendResponse } from '../../server/contracts/kpis.ts';

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
  const anchor = sql`(${q.to ?? null}::timestamptz - interval '1 microsecond')`;
  const end = sql`date_trunc('month', coalesce(${anchor}, now()) AT TIME ZONE 'Asia/Shanghai')`;
  const result = await db.execute<TrendResponse['months'][number]>(sql`
    WITH m AS (
      SELECT generate_series(
        ${end} - make_interval(months => ${q.months - 1}), ${end}, interval '1 month') AS start
    ),
    c AS (
      SELECT date_trunc('month', i.reported_at AT TIME ZONE 'Asia/Shanghai') AS month, i.closed_at, i.due_at,
        (i.dispatched_at IS NOT NULL AND NOT i.extended AND (i.closed_at IS NOT NULL OR i.due_at <= now())) AS is_due
      FROM incidents i
      WHERE ${incidentAreaCondition(q.area)} AND ${q.scope}
        AND i.reported_at >= ((SELECT min(start) FROM m) AT TIME ZONE 'Asia/Shanghai')
        AND i.reported_at < (((SELECT max(start) FROM m) + interval '1 month') AT TIME ZONE 'Asia/Shanghai')
    )
    SELECT to_char(m.start, 'YYYY-MM') AS month, count(c.month)::int AS reported,
      count(c.closed_at)::int AS closed,
      count(*) FILTER (WHERE c.is_due AND c.closed_at IS NOT NULL)::float8 / nullif(count(*) FILTER (WHERE c.is_due), 0) AS "closureRate",
      count(*) FILTER (WHERE c.is_due AND c.closed_at <= c.due_at)::float8 / nullif(count(*) FILTER (WHERE c.is_due), 0) AS "onTimeRate"
    FROM m LEFT JOIN c ON c.month = m.start
    GROUP BY m.start ORDER BY m.start`);
  return { months: result.rows };
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
  const workerArea = q.area && !(q.area.length === 4 || (q.area.length === 6 && q.area.endsWith('00')))
    ? sql`left(w.community_code, ${Math.min(q.area.length, 12)}) = ${q.area.slice(0, 12)}`
    : sql`true`;
  const result = await db.execute<Omit<SummaryResponse, 'latestReportedAt'> & { latestReportedAt: string | Date | null }>(sql`
    SELECT count(*) FILTER (WHERE i.reported_at >= ${todayStart})::int AS today,
      count(*) FILTER (WHERE ${open})::int AS "inProgress",
      count(*) FILTER (WHERE ${overdueCondition('i')})::int AS overdue,
      count(*) FILTER (WHERE i.closed_at >= ${todayStart})::int AS "closedToday",
      (SELECT count(*) FROM grid_workers w WHERE ${workerArea} AND ${q.workerScope})::int AS "gridWorkers",
      (SELECT count(*) FROM grid_workers w WHERE ${workerArea} AND ${q.workerScope} AND w.employment = 'full_time')::int AS "fullTimeWorkers",
      (SELECT max(l.reported_at) FROM incidents l WHERE ${incidentAreaCondition(q.area, 'l')} AND ${q.latestScope}) AS "latestReportedAt"
    FROM incidents i
    WHERE ${incidentAreaCondition(q.area)} AND ${q.scope}
      AND (${open} OR i.reported_at >= ${todayStart} OR i.closed_at >= ${todayStart})`);
  const row = result.rows[0]!;
  return { ...row, latestReportedAt: row.latestReportedAt ? asDate(row.latestReportedAt).toISOString() : null };
}
