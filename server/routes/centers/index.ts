import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { holderKpisRoute, holderQueueRoute, listCentersRoute } from './centers.routes.ts';
import { listCentersInScope, showHolderKpis, showHolderQueue } from './centers.handlers.ts';

/**
 * `/api/centers`: the three levels of centers (三级综治中心) and the departments, each one's queue and KPIs.
 *
 * @example
 * api.route('/', centerRoutes(deps));
 */
export function centerRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, listCentersRoute, listCentersInScope(deps));
  mount(app, holderQueueRoute, showHolderQueue(deps));
  mount(app, holderKpisRoute, showHolderKpis(deps));
  return app;
}
