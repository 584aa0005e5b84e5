import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { applyEdit, listEdits, showGridsAsOf, showSitesAsOf } from './boundaries.handlers.ts';
import { applyBoundaryEditRoute, gridsAsOfRoute, listBoundaryEditsRoute, sitesAsOfRoute } from './boundaries.routes.ts';

/**
 * Map editing (admins) and the boundaries and sites "as of" a date (everyone; boundaries are public in the
 * tiles too). Edits write to the primary: `deps` here is never the read-replica set.
 *
 * @example
 * api.route('/', boundaryRoutes(deps));
 */
export function boundaryRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, applyBoundaryEditRoute, applyEdit(deps));
  mount(app, listBoundaryEditsRoute, listEdits(deps));
  mount(app, gridsAsOfRoute, showGridsAsOf(deps));
  mount(app, sitesAsOfRoute, showSitesAsOf(deps));
  return app;
}
