import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { incidentActionRoute, incidentDetailRoute, incidentRoutingRoute, listIncidentsRoute, reportIncidentRoute } from './incidents.routes.ts';
import { routeIncident } from './routing.handlers.ts';
import { applyIncidentAction, listIncidentsInScope, reportIncident, showIncident } from './incidents.handlers.ts';

/**
 * `/api/incidents`: report (idempotent), list (filters + keyset cursor), detail with history, and the
 * workflow actions. Lists and details are scoped to the caller's area in SQL; reporter data masked.
 *
 * @example
 * api.route('/', incidentRoutes(deps));
 */
export function incidentRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, reportIncidentRoute, reportIncident(deps));
  mount(app, listIncidentsRoute, listIncidentsInScope(deps));
  mount(app, incidentDetailRoute, showIncident(deps));
  mount(app, incidentActionRoute, applyIncidentAction(deps));
  mount(app, incidentRoutingRoute, routeIncident(deps));
  return app;
}
