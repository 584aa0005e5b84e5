import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { healthRoute, statsSummaryRoute } from './system.routes.ts';
import { showHealth, showStatsSummary } from './system.handlers.ts';

/**
 * `/api/health` and `/api/stats/summary`, open to every role.
 *
 * @example
 * api.route('/', systemRoutes(deps));
 */
export function systemRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, healthRoute, showHealth(deps));
  mount(app, statsSummaryRoute, showStatsSummary(deps));
  return app;
}
