import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './context.ts';
import { onError, onNotFound } from './middleware/errors.ts';
import { requestLog } from './middleware/request-log.ts';
import { systemRoutes } from './routes/system/system.ts';
import { incidentRoutes } from './routes/incidents/index.ts';
import { kpiRoutes } from './routes/kpis/kpis.ts';
import { liveRoutes } from './routes/live/live.ts';
import { tileRoutes } from './routes/tiles/tiles.ts';
import { styleRoutes } from './routes/tiles/style.ts';
import { layerRoutes } from './routes/layers/layers.ts';
import { coverageRoutes } from './routes/coverage/coverage.ts';
import { sitingRoutes } from './routes/siting/siting.ts';
import { hotspotRoutes } from './routes/hotspots/hotspots.ts';
import { webApp } from './routes/webapp/webapp.ts';
import { setLogLevel } from '../core/log.ts';
import { guard, guardedPaths } from './access/guard.ts';
import { securityHeaders } from './access/headers.ts';
import { authRoutes } from './routes/auth/auth.ts';
import { adminRoutes } from './routes/admin/admin.ts';
import { auditRoutes } from './routes/admin/admin-audit.ts';
import { personalRoutes } from './routes/personal/personal.ts';
import { ogcRoutes } from './routes/ogc/ogc.ts';
import { openApiRoutes, type RoutedApp } from './routes/openapi/openapi.ts';
import { open311Routes } from './routes/open311/open311.ts';
import { exportRoutes } from './routes/exports/exports.ts';
import { locateRoutes } from './routes/field/locate.ts';
import { searchRoutes } from './routes/field/search.ts';

/**
 * Builds the HTTP app. Stateless: everything shared lives in the database given in `deps`.
 *
 * @example
 * const app = createApp({ database, env });
 * const res = await app.request('/api/health');
 */
export function createApp(deps: AppDeps) {
  setLogLevel(deps.env.LOG_LEVEL);
  const api = new Hono<AppEnv>()
    .route('/', systemRoutes(deps))
    .route('/', incidentRoutes(deps))
    .route('/', kpiRoutes(deps))
    .route('/', liveRoutes(deps))
    .route('/', authRoutes(deps))
    .route('/', adminRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', personalRoutes(deps))
    .route('/', locateRoutes(deps))
    .route('/', searchRoutes(deps))
    .route('/', layerRoutes(deps))
    .route('/', coverageRoutes(deps))
    .route('/', sitingRoutes(deps))
    .route('/', hotspotRoutes(deps));
  const base = new Hono<AppEnv>().use(requestId()).use(requestLog()).use(securityHeaders(deps.env));
  // principal, CSRF and write audit must be registered before the routes they protect
  for (const path of guardedPaths) base.use(path, ...guard(deps));
  const app = base.route('/api', api).route('/', tileRoutes(deps)).route('/', styleRoutes(deps)).route('/', ogcRoutes(deps))
    .route('/', open311Routes(deps)).route('/api', exportRoutes(deps)).route('/api', openApiRoutes(deps, (): RoutedApp => app));
  // the built web app answers whatever no route did (registered last: never in front of the API)
  app.use('*', webApp());
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
