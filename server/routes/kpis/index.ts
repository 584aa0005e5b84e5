import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { kpiPreventableRoute, kpiRoute, kpiSummaryRoute, kpiTrendRoute } from './kpis.routes.ts';
import { showKpis, showKpiSummary, showKpiTrend, showPreventable } from './kpis.handlers.ts';

/**
 * `/api/kpis` (assessment KPIs with breakdowns), `/api/kpis/trend` (monthly), `/api/kpis/preventable`
 * (yearly) and `/api/kpis/summary` (number cards). All scoped to the caller's area in SQL; no
 * personal data.
 *
 * @example
 * api.route('/', kpiRoutes(deps));
 */
export function kpiRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, kpiRoute, showKpis(deps));
  mount(app, kpiTrendRoute, showKpiTrend(deps));
  mount(app, kpiPreventableRoute, showPreventable(deps));
  mount(app, kpiSummaryRoute, showKpiSummary(deps));
  return app;
}
