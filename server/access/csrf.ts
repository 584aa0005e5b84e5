import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../middleware/errors.ts';
import { sameSecret } from './tokens.ts';

/** Header a browser client sends on unsafe requests, with the token from login or `GET /api/auth/me`. */
export const csrfHeader = 'X-CSRF-Token';
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses cookie-authenticated unsafe requests (POST/PUT/PATCH/DELETE) without the session's CSRF
 * token (synchronizer-token pattern). Bearer-token and anonymous requests carry no ambient
 * credential, so they are exempt. Runs after `principal`.
 *
 * @example
 * app.use('/api/*', principal(deps), csrf());
 */
export function csrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!safeMethods.has(c.req.method) && c.get('credential') === 'session') {
      const sent = c.req.header(csrfHeader);
      if (!sent || !sameSecret(sent, c.get('session').csrfToken)) {
        throw new ApiError(403, 'csrf_failed', `missing or wrong ${csrfHeader} header`);
      }
    }
    await next();
  };
}
