import type { MiddlewareHandler } from 'hono';
import type { Env } from '../../core/env.ts';
import { ApiError } from './errors.ts';

/** Request headers a cross-origin page may send to the credentialed routes (preflight answer). */
export const corsAllowedHeaders = ['Content-Type', 'Authorization', 'X-CSRF-Token', 'Idempotency-Key'];
const CREDENTIALED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const PUBLIC_METHODS = 'GET, HEAD, OPTIONS';
// a PMTiles reader (MapLibre protocol) needs the range headers, a cache needs the ETag
const EXPOSED = 'ETag, Content-Length, Content-Range, Accept-Ranges, Link';

/**
 * Whether a path is a public, read-only resource that any origin may read (no credentials): the style,
 * TileJSON and tiles, the PMTiles basemap, the OpenAPI document and the OGC API except the incidents
 * collection (staff only). Listed here once so the CORS and Cross-Origin-Resource-Policy headers agree.
 *
 * @example
 * isPublicResource('/tiles/districts/8/215/96'); // true
 * isPublicResource('/ogc/collections/incidents/items'); // false
 */
export function isPublicResource(path: string): boolean {
  if (path === '/style.json' || path === '/basemap.pmtiles' || path === '/api/openapi.json') return true;
  if (path === '/tiles' || path.startsWith('/tiles/')) return true;
  if (path === '/ogc' || path.startsWith('/ogc/')) return !/^\/ogc\/collections\/incidents(\/|$)/.test(path);
  return false;
}

/** Routes that act for a signed-in principal: cross-origin only from the CORS_ORIGINS allowlist. */
const isCredentialedRoute = (path: string) => /^\/(api|ogc|open311)(\/|$)/.test(path);

function addVary(headers: Headers, value: string) {
  const current = headers.get('Vary');
  if (!current) headers.set('Vary', value);
  else if (!current.split(',').some((part) => part.trim().toLowerCase() === value.toLowerCase())) headers.set('Vary', `${current}, ${value}`);
}

/**
 * CORS for the two kinds of routes. Public resources answer `Access-Control-Allow-Origin: *` (never with
 * credentials, so a page elsewhere cannot ride a session; securityHeaders drops their CORP header);
 * credentialed routes echo an allowlisted Origin with `Access-Control-Allow-Credentials: true` and
 * `Vary: Origin`, and give other origins no CORS headers (the browser then withholds the response).
 * A preflight (OPTIONS with Access-Control-Request-Method) is answered here, before authentication;
 * from a refused origin it is a 403 naming the `Origin` header.
 *
 * @example
 * app.use(cors(parseEnv({ CORS_ORIGINS: 'https://map.example.gov.cn' })));
 */
export function cors(env: Pick<Env, 'CORS_ORIGINS'>): MiddlewareHandler {
  const allowed = new Set(env.CORS_ORIGINS);
  return async (c, next) => {
    const path = c.req.path;
    const origin = c.req.header('origin');
    const isPublic = isPublicResource(path);
    const credentialed = !isPublic && isCredentialedRoute(path);
    const trusted = origin !== undefined && credentialed && allowed.has(origin);
    if (c.req.method === 'OPTIONS' && origin && c.req.header('access-control-request-method')) {
      if (!isPublic && !trusted)
        throw new ApiError(403, 'cors_origin_refused', `origin ${origin} may not call ${path}; allowed origins are set in CORS_ORIGINS`, 'Origin');
      const headers = new Headers({
        'Access-Control-Allow-Origin': isPublic ? '*' : origin,
        'Access-Control-Allow-Methods': isPublic ? PUBLIC_METHODS : CREDENTIALED_METHODS,
        'Access-Control-Allow-Headers': corsAllowedHeaders.join(', '),
        'Access-Control-Max-Age': '600',
      });
      if (!isPublic) {
        headers.set('Access-Control-Allow-Credentials', 'true');
        headers.set('Vary', 'Origin');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    const headers = c.res.headers;
    if (isPublic) {
      headers.set('Access-Control-Allow-Origin', '*');
      headers.set('Access-Control-Expose-Headers', EXPOSED);
      return;
    }
    if (!credentialed) return;
    // the answer depends on the Origin header, so caches must key on it even when it is refused
    addVary(headers, 'Origin');
    if (trusted) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Allow-Credentials', 'true');
      headers.set('Access-Control-Expose-Headers', EXPOSED);
    }
  };
}
