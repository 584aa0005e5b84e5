import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { isochroneRoute, lifeCircleExportRoute, lifeCircleRoute } from './walk.routes.ts';
import { exportLifeCircle, showIsochrone, showLifeCircle } from './walk.handlers.ts';

/**
 * Walking on the road network: `/api/coverage/life-circle` (生活圈达标率 per street or community, CSV and
 * GeoJSON export) and `/api/coverage/isochrone` (reach of one site). Walking coverage itself is
 * `/api/coverage?mode=walk`.
 *
 * @example
 * api.route('/', walkRoutes(deps));
 */
export function walkRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, lifeCircleRoute, showLifeCircle(deps));
  mount(app, lifeCircleExportRoute, exportLifeCircle(deps));
  mount(app, isochroneRoute, showIsochrone(deps));
  return app;
}
