import type { MiddlewareHandler } from 'hono';
import { logger } from '../../core/log.ts';

/** Logs one structured line per request with its id (set by hono's requestId middleware). */
export const requestLog = (): MiddlewareHandler => async (c, next) => {
  const started = performance.now();
  await next();
  logger.info('request', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round((performance.now() - started) * 10) / 10,
  });
};
