import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './context.ts';
import { onError, onNotFound } from './middleware/errors.ts';
import { requestLog, requestLogFor } from './middleware/request-log.ts';
import { requestBodyLimit } from './middleware/body-limit.ts';
import { refuseControlCharacters } from './middleware/control-chars.ts';
import { readConsistency } from './middleware/read-consistency.ts';
import { systemRoutes } from './routes/system/index.ts';
import { incidentRoutes } from './routes/incidents/index.ts';
import { attachmentRoutes } from './routes/attachments/index.ts';
import { kpiRoutes } from './routes/kpis/index.ts';
import { liveRoutes } from './routes/live/index.ts';
import { tileRoutes, styleRoutes } from './routes/tiles/index.ts';
import { layerRoutes } from './routes/layers/index.ts';
import { coverageRoutes } from './routes/coverage/index.ts';
import { walkRoutes } from './routes/walk/index.ts';
import { sitingRoutes } from './routes/siting/index.ts';
import { hotspotRoutes } from './routes/hotspots/index.ts';
import { webApp } from './routes/webapp/webapp.ts';
import { setLogLevel } from '../core/log.ts';
import { guard, guardedPaths } from './access/guard.ts';
import { securityHeaders } from './access/headers.ts';
import { cors } from './middleware/cors.ts';
import { authRoutes } from './routes/auth/index.ts';
import { adminRoutes, auditRoutes } from './routes/admin/index.ts';
import { personalRoutes } from './routes/personal/index.ts';
import { ogcRoutes } from './routes/ogc/index.ts';
import { openApiRoutes, type RoutedApp } from './routes/openapi/index.ts';
import { open311Errors, open311Routes } from './routes/open311/index.ts';
import { exportRoutes } from './routes/exports/index.ts';
import { locateRoutes, searchRoutes } from './routes/field/index.ts';
import { siteRoutes } from './routes/sites/index.ts';
import { dispatchRoutes } from './routes/dispatch/index.ts';
import { centerRoutes } from './routes/centers/index.ts';
import { notificationRoutes } from './routes/notifications/index.ts';
import { holidayRoutes } from './routes/holidays/index.ts';
import { boundaryRoutes } from './routes/boundaries/index.ts';
import { siteKindRoutes } from './routes/site-kinds/index.ts';
import { aboutRoutes } from './routes/about/index.ts';

/**
 * Builds the HTTP app. Stateless: everything shared lives in the database given in `deps`.
 *
 * @example
 * const app = createApp({ database, env });
 * const res = await app.request('/api/health');
 */
export function createApp(deps: AppDeps) {
  setLogLevel(deps.env.LOG_LEVEL);
  // read-heavy route groups read from the replicas (DATABASE_READ_URL) when there are any; see readConsistency
  const reads: AppDeps = { ...deps, database: deps.reader ?? deps.database };
  const api = new Hono<AppEnv>()
    .route('/', systemRoutes(deps))
    .route('/', incidentRoutes(deps))
    .route('/', attachmentRoutes(deps))
    .route('/', kpiRoutes(reads))
    .route('/', liveRoutes(deps))
    .route('/', authRoutes(deps))
    .route('/', adminRoutes(deps))
    .route('/', auditRoutes(deps))
    .route('/', personalRoutes(deps))
    .route('/', locateRoutes(deps))
    .route('/', searchRoutes(reads))
    .route('/', siteRoutes(reads))
    .route('/', aboutRoutes(reads))
    .route('/', layerRoutes(reads))
    .route('/', walkRoutes(reads))
    .route('/', coverageRoutes(reads))
    .route('/', sitingRoutes(deps))
    .route('/', hotspotRoutes(reads))
    .route('/', dispatchRoutes(deps))
    .route('/', centerRoutes(deps))
    .route('/', notificationRoutes(deps))
    .route('/', holidayRoutes(deps))
    .route('/', boundaryRoutes(deps))
    .route('/', siteKindRoutes(deps));
  // body limit and control-character check come before authentication: nothing unbounded or unstorable reaches a handler
  const base = new Hono<AppEnv>()
    .use(requestId())
    .use(requestLog(requestLogFor(deps.env)))
    .use(securityHeaders(deps.env))
    .use(cors(deps.env))
    // outside the body limit and the guard, so their refusals too are GeoReport errors on Open311 routes
    .use('/open311/v2/*', open311Errors)
    .use(requestBodyLimit(deps.env))
    .use(refuseControlCharacters())
    .use(readConsistency(deps));
  // principal, CSRF and write audit must be registered before the routes they protect
  for (const path of guardedPaths) base.use(path, ...guard(deps));
  const app = base
    .route('/api', api)
    .route('/', tileRoutes(reads))
    .route('/', styleRoutes(reads))
    .route('/', ogcRoutes(reads))
    .route('/', open311Routes(deps))
    .route('/api', exportRoutes(reads))
    .route(
      '/api',
      openApiRoutes(deps, (): RoutedApp => app),
    );
  // the built web app answers whatever no route did (registered last: never in front of the API)
  app.use('*', webApp());
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
