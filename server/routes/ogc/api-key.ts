import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { queryKeyParam } from '../../access/query-key.ts';
import { ApiError } from '../../middleware/errors.ts';

/**
 * An `api_key` in an OGC URL (server/access/query-key.ts) ends up in bookmarks, QGIS project files and
 * proxy logs, so only tokens of accounts that cannot administer the server are taken there: an admin
 * account's token is refused (403 naming api_key) and stays a header-only credential.
 *
 * @example
 * app.use('/ogc/*', refuseAdminKeyInUrl);
 */
export const refuseAdminKeyInUrl: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.query(queryKeyParam) !== undefined && callerOf(c).role === 'admin') {
    throw new ApiError(
      403,
      'api_key_not_accepted',
      `${queryKeyParam}: an admin account's token is not accepted in a URL; use a token of a commander, grid worker or planner account`,
      queryKeyParam,
    );
  }
  await next();
};
