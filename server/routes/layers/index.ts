import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { layerDataFor } from './layer-data.ts';
import { serveCoverageLayer, serveIncidentDensity, serveIncidentLayer, showAreaCard, showAreaWorker } from './layers.handlers.ts';
import { areaCardRoute, areaWorkerRoute, coverageLayerRoute, incidentDensityRoute, incidentLayerRoute } from './layers.routes.ts';

/**
 * `/api/layers/*`: the info card of an area, incident columns for deck.gl (individual points for
 * signed-in roles within their area; per-cell-month counts for the public) and volunteer coverage.
 *
 * @example
 * api.route('/', layerRoutes(deps));
 */
export function layerRoutes(deps: AppDeps): Hono<AppEnv> {
  const data = layerDataFor(deps.database);
  const app = new Hono<AppEnv>();
  mount(app, areaCardRoute, showAreaCard(deps));
  mount(app, areaWorkerRoute, showAreaWorker(deps));
  mount(app, incidentDensityRoute, serveIncidentDensity(data));
  mount(app, incidentLayerRoute, serveIncidentLayer(data));
  mount(app, coverageLayerRoute, serveCoverageLayer(data));
  return app;
}
