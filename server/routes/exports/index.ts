import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { exportIncidents, exportLayer } from './exports.handlers.ts';
import { exportIncidentsRoute, exportLayerRoute } from './exports.routes.ts';

/**
 * `/api/exports/*`: any layer (bbox and property filters as in the OGC API) or the filtered incident
 * set (the incident list's filters, the caller's area, reporter masked) as CSV (UTF-8 with BOM),
 * GeoJSON or GeoPackage. CSV and GeoJSON stream from the database page by page.
 *
 * @example
 * app.route('/api', exportRoutes(deps));
 */
export function exportRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // before `/exports/:layer`, which would take "incidents" for a layer name
  mount(app, exportIncidentsRoute, exportIncidents(deps));
  mount(app, exportLayerRoute, exportLayer(deps));
  return app;
}
