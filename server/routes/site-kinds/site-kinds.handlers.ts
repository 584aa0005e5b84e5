import type { AppDeps } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { createSiteKind, deleteSiteKind, updateSiteKind } from '../../../db/queries/site-kinds.ts';
import type { RouteHandler } from '../declare.ts';
import { forgetSiteKinds, siteKindRegistry } from './registry.ts';
import type { createSiteKindRoute, deleteSiteKindRoute, listSiteKindsRoute, updateSiteKindRoute } from './site-kinds.routes.ts';

/** The registry; `no-cache` so a legend loaded after an edit shows it (revalidation is one tiny query). */
export const listKinds =
  ({ database }: AppDeps): RouteHandler<typeof listSiteKindsRoute> =>
  async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json(await siteKindRegistry(database, true));
  };

/** Adds a kind; 409 naming `kind` when the code is taken. Audited as a write by the audit trail. */
export const addKind =
  ({ database }: AppDeps): RouteHandler<typeof createSiteKindRoute> =>
  async (c, { body }) => {
    const created = await createSiteKind(database, body);
    if (!created) throw new ApiError(409, 'conflict', `kind: "${body.kind}" already exists`, 'kind');
    forgetSiteKinds(database);
    return c.json(created, 201);
  };

/** Changes or retires a kind; 404 for an unknown code. */
export const changeKind =
  ({ database }: AppDeps): RouteHandler<typeof updateSiteKindRoute> =>
  async (c, { params, body }) => {
    const changed = await updateSiteKind(database, params.code, body);
    if (!changed) throw new ApiError(404, 'not_found', `site kind ${params.code} not found`, 'code');
    forgetSiteKinds(database);
    return c.json(changed.after);
  };

/** Deletes an unused kind; 409 naming `code` while sites use it (retire it instead). */
export const removeKind =
  ({ database }: AppDeps): RouteHandler<typeof deleteSiteKindRoute> =>
  async (c, { params }) => {
    const outcome = await deleteSiteKind(database, params.code);
    if (outcome === 'missing') throw new ApiError(404, 'not_found', `site kind ${params.code} not found`, 'code');
    if (outcome === 'in_use') throw new ApiError(409, 'in_use', `code: sites use the kind ${params.code}; retire it instead (PATCH retired: true)`, 'code');
    forgetSiteKinds(database);
    return c.body(null, 204);
  };
