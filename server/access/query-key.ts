import type { Context } from 'hono';
import { ApiError } from '../middleware/errors.ts';

/**
 * QGIS before 3.30 cannot send an `Authorization` header to an OGC API – Features server, so the OGC
 * routes also take the API token as `?api_key=` (docs/adr/0010-api-key-in-ogc-urls.md). The channel only
 * reads: GET and HEAD under `/ogc/`, nothing else; the token is looked up, scoped, audited and revoked
 * exactly like a Bearer one, because it becomes one here. The key never leaves the request: audit rows
 * store the query with the key redacted (`redactKeys`) and the request log keeps no query at all.
 */

/** The query parameter that carries the token. */
export const queryKeyParam = 'api_key';

const readMethods = new Set(['GET', 'HEAD']);

/**
 * The `Authorization` value a request carries: its header, else `Bearer <api_key>` when it reads an OGC
 * route and has no header of its own. An `api_key` on any other route or method is a 400 naming it,
 * so a client never believes it is signed in when it is not.
 *
 * @example
 * const authorization = authorizationOf(c); // 'Bearer pgt_…' for GET /ogc/collections/incidents/items?api_key=pgt_…
 */
export function authorizationOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const key = c.req.query(queryKeyParam);
  if (key === undefined || c.req.path.startsWith('/open311/')) return header; // Open311 reads its own api_key
  if (!c.req.path.startsWith('/ogc') || !readMethods.has(c.req.method)) {
    throw new ApiError(
      400,
      'api_key_not_accepted',
      `${queryKeyParam}: accepted only when reading /ogc routes (GET); send "Authorization: Bearer <token>" instead`,
      queryKeyParam,
    );
  }
  if (header !== undefined)
    throw new ApiError(
      400,
      'api_key_not_accepted',
      `${queryKeyParam}: send the token either as api_key or in the Authorization header, not both`,
      queryKeyParam,
    );
  if (!/^\S{1,200}$/.test(key)) throw new ApiError(401, 'invalid_token', `${queryKeyParam}: unknown or revoked API token`, queryKeyParam);
  return `Bearer ${key}`;
}

/**
 * A query string with every `api_key` value replaced by `***`, for audit rows and logs.
 *
 * @example
 * redactKeys('bbox=1,2,3,4&api_key=pgt_abc') // 'bbox=1,2,3,4&api_key=***'
 */
export function redactKeys(search: string): string {
  return search.replace(/(^|&)(api_key|api%5Fkey)=[^&]*/gi, '$1$2=***');
}
