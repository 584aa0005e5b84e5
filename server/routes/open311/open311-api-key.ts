import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { principalOf } from '../../access/principal.ts';
import { sha256Hex } from '../../access/tokens.ts';
import { ApiError } from '../../middleware/errors.ts';
import { findApiTokenOwner } from '../../../db/queries/auth-tokens.ts';
import { readForm } from './open311-form.ts';

/**
 * Open311 clients send their key as `api_key` (query or form field) instead of a header; it is an API
 * token like a Bearer one. A request already signed in keeps its credential.
 *
 * @example
 * app.use('/open311/v2/*', open311Errors, apiKey(deps));
 */
export const apiKey =
  ({ database }: AppDeps): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if ((c.get('credential') ?? 'none') === 'none') {
      const key = c.req.query('api_key') ?? (c.req.method === 'POST' ? (await readForm(c)).api_key : undefined);
      if (key !== undefined) {
        const owner = key ? await findApiTokenOwner(database, sha256Hex(key)) : undefined;
        if (!owner) throw new ApiError(401, 'invalid_api_key', 'api_key: unknown or revoked key', 'api_key');
        c.set('principal', principalOf(owner));
        c.set('credential', 'token');
      }
    }
    await next();
  };
