import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
export { open311Errors } from './open311-format.ts';
import { apiKey } from './open311-api-key.ts';
import { createRequestRoutes, discoveryRoutes, listRequestsRoutes, serviceDefinitionRoute, servicesRoutes, showRequestRoute } from './open311.routes.ts';
import { showDiscovery } from './open311-discovery.ts';
import { createRequest, listRequests, listServices, showRequest, showServiceDefinition } from './open311.handlers.ts';

/**
 * Open311 GeoReport v2 under `/open311/v2`: discovery, services (incident categories) and their definitions for
 * everyone; requests (incidents) with an API key: POST creates one through the incident workflow, GET
 * lists those in the key owner's area or shows one. Every resource as `.json` or `.xml`, errors in the
 * GeoReport format.
 *
 * @example
 * app.route('/', open311Routes(deps));
 */
export function open311Routes(deps: AppDeps): Hono<AppEnv> {
  // errors become GeoReport ones in `open311Errors`, which createApp puts in front of the body limit and the guard
  const app = new Hono<AppEnv>().use('/open311/v2/*', apiKey(deps));
  for (const ext of ['json', 'xml'] as const) {
    mount(app, discoveryRoutes[ext], showDiscovery(deps));
    mount(app, servicesRoutes[ext], listServices(deps));
    mount(app, listRequestsRoutes[ext], listRequests(deps));
    mount(app, createRequestRoutes[ext], createRequest(deps));
  }
  mount(app, serviceDefinitionRoute, showServiceDefinition(deps));
  mount(app, showRequestRoute, showRequest(deps));
  return app;
}
