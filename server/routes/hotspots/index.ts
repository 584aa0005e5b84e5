import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { hotspotsExportRoute, hotspotsRoute } from './hotspots.routes.ts';
import { exportHotspots, showHotspots } from './hotspots.handlers.ts';

/**
 * `/api/hotspots`: incident rates per grid cell with Gi* z-scores, as JSON, CSV (BOM) or GeoJSON.
 * Counts per grid only (no incident detail): every signed-in role, within its own area.
 *
 * @example
 * api.route('/', hotspotRoutes(deps));
 */
export function hotspotRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, hotspotsRoute, showHotspots(deps));
  mount(app, hotspotsExportRoute, exportHotspots(deps));
  return app;
}
