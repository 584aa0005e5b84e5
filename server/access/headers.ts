import { secureHeaders } from 'hono/secure-headers';
import type { MiddlewareHandler } from 'hono';
import type { Env } from '../../core/env.ts';
import { isPublicResource } from '../middleware/cors.ts';

/**
 * Security headers for every response (API and web assets). The CSP allows only the app's own
 * scripts; MapLibre needs `blob:` workers and `data:`/`blob:` images, and sets element styles (so
 * inline styles are allowed, inline scripts are not). A configured basemap origin is added to
 * img-src/connect-src; nothing else outside the intranet is reachable from the page.
 *
 * @example
 * app.use(securityHeaders(env));
 */
export function securityHeaders(env: Pick<Env, 'BASEMAP_XYZ_URL' | 'TIANDITU_KEY'>) {
  const remote: string[] = [];
  if (env.BASEMAP_XYZ_URL) remote.push(new URL(env.BASEMAP_XYZ_URL.replace(/[{}]/g, '')).origin);
  if (env.TIANDITU_KEY) remote.push('https://*.tianditu.gov.cn');
  const secure = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...remote],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...remote],
      workerSrc: ["'self'", 'blob:'],
      childSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: ['self'] },
  });
  // public read-only resources (style, tiles, public OGC, OpenAPI) are meant to be loaded by pages on other
  // origins (a MapLibre app elsewhere on the intranet); Cross-Origin-Resource-Policy: same-origin would block them
  const headers: MiddlewareHandler = async (c, next) => {
    await secure(c, async () => {
      await next();
    });
    if (isPublicResource(c.req.path)) c.res.headers.delete('Cross-Origin-Resource-Policy');
  };
  return headers;
}
