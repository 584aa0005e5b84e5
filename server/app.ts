import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppDeps, AppEnv } from './context.ts';
import { onError, onNotFound } from './middleware/errors.ts';
import { requestLog } from './middleware/request-log.ts';
import { systemRoutes } from './routes/system.ts';
import { setLogLevel } from './log.ts';

/**
 * Builds the HTTP app. Stateless: everything shared lives in the database given in `deps`.
 *
 * @example
 * const app = createApp({ database, env });
 * const res = await app.request('/api/health');
 */
export function createApp(deps: AppDeps) {
  setLogLevel(deps.env.LOG_LEVEL);
  const api = new Hono<AppEnv>().route('/', systemRoutes(deps));
  const app = new Hono<AppEnv>().use(requestId()).use(requestLog()).route('/api', api);
  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}

export type AppType = ReturnType<typeof createApp>;
