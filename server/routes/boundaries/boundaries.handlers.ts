import type { AppDeps } from '../../context.ts';
import type { RouteHandler } from '../declare.ts';
import { callerOf } from '../../access/caller.ts';
import { ApiError } from '../../middleware/errors.ts';
import { applyBoundaryEdit } from '../../../db/queries/boundary-edits.ts';
import { BoundaryEditRefused } from '../../../db/queries/boundary-checks.ts';
import { gridsAsOf, listBoundaryEdits, sitesAsOf } from '../../../db/queries/boundary-history.ts';
import type { applyBoundaryEditRoute, gridsAsOfRoute, listBoundaryEditsRoute, sitesAsOfRoute } from './boundaries.routes.ts';

/** Applies one edit; a refusal from the validation becomes the error it names (400/404/409/422). */
export const applyEdit =
  (deps: AppDeps): RouteHandler<typeof applyBoundaryEditRoute> =>
  async (c, { body }) => {
    const caller = callerOf(c);
    try {
      const result = await applyBoundaryEdit(deps.database, { userId: caller.userId ?? null, username: caller.username ?? 'unknown' }, body);
      return c.json(result, 201);
    } catch (error) {
      if (error instanceof BoundaryEditRefused) throw new ApiError(error.status, error.code, error.message, error.field);
      throw error;
    }
  };

export const listEdits =
  (deps: AppDeps): RouteHandler<typeof listBoundaryEditsRoute> =>
  async (c, { query }) =>
    c.json({ items: await listBoundaryEdits(deps.database.db, query.limit, query.target) });

const asOfOf = (asOf: string | undefined) => (asOf ? new Date(asOf) : new Date());

export const showGridsAsOf =
  (deps: AppDeps): RouteHandler<typeof gridsAsOfRoute> =>
  async (c, { query }) => {
    const at = asOfOf(query.asOf);
    return c.json({ type: 'FeatureCollection' as const, asOf: at.toISOString(), features: await gridsAsOf(deps.database.db, query.area, at) });
  };

export const showSitesAsOf =
  (deps: AppDeps): RouteHandler<typeof sitesAsOfRoute> =>
  async (c, { query }) => {
    const at = asOfOf(query.asOf);
    return c.json({ type: 'FeatureCollection' as const, asOf: at.toISOString(), features: await sitesAsOf(deps.database.db, query.area, at) });
  };
