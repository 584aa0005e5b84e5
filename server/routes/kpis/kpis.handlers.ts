import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { kpiSummary, kpiTrend, preventableByYear } from '../../../db/queries/kpis-series.ts';
import { scopeCondition, workerScopeCondition } from '../../../db/queries/scope.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import type { RouteHandler } from '../declare.ts';
import { incidentScope } from '../incidents/incident-detail.ts';
import type { kpiPreventableRoute, kpiRoute, kpiSummaryRoute, kpiTrendRoute } from './kpis.routes.ts';
import { checkArea, kpiReport } from './kpi-report.ts';

/** The KPI report of an area and period in the caller's scope. */
export const showKpis =
  (deps: AppDeps): RouteHandler<typeof kpiRoute> =>
  async (c, { query }) =>
    c.json(await kpiReport(deps, callerOf(c), query));

/** Monthly series of an area in the caller's scope. */
export const showKpiTrend =
  (deps: AppDeps): RouteHandler<typeof kpiTrendRoute> =>
  async (c, { query }) => {
    const principal = callerOf(c);
    await checkArea(deps, principal, query.area);
    return c.json(await kpiTrend(deps.database.db, { area: query.area, months: query.months, to: query.to, scope: incidentScope(principal) }));
  };

/** Preventable cases per year of an area in the caller's scope. */
export const showPreventable =
  (deps: AppDeps): RouteHandler<typeof kpiPreventableRoute> =>
  async (c, { query }) => {
    const principal = callerOf(c);
    await checkArea(deps, principal, query.area);
    return c.json(await preventableByYear(deps.database.db, { area: query.area, scope: incidentScope(principal) }));
  };

/** The number cards of an area in the caller's scope. */
export const showKpiSummary =
  (deps: AppDeps): RouteHandler<typeof kpiSummaryRoute> =>
  async (c, { query }) => {
    const principal = callerOf(c);
    await checkArea(deps, principal, query.area);
    return c.json(
      await kpiSummary(deps.database.db, {
        area: query.area,
        scope: incidentScope(principal),
        latestScope: scopeCondition(principal, incidentScopeColumns('l')),
        workerScope: workerScopeCondition(principal),
      }),
    );
  };
