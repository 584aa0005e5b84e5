import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { coverageCompoundsRoute, coverageExportRoute, coverageRoute, siteKindsRoute } from './coverage.routes.ts';
import { exportCoverage, listCoverageCompounds, listKinds, showCoverage } from './coverage.handlers.ts';

/**
 * `/api/coverage`: households within reach of sites of chosen kinds per area, with the 全覆盖 verdict;
 * the compounds behind it; exports as CSV (UTF-8 BOM) or GeoJSON. Aggregates only (no personal data):
 * every signed-in role, limited to its own area.
 *
 * @example
 * api.route('/', coverageRoutes(deps));
 */
export function coverageRoutes(deps: AppDeps): Hono<AppEnv> {
  // a PostGIS server works on parts of the city at once; PGlite is one session, so no gain there
  const parts = deps.database.mode === 'postgis' ? 4 : 1;
  const app = new Hono<AppEnv>();
  mount(app, siteKindsRoute, listKinds(deps));
  mount(app, coverageRoute, showCoverage(deps, parts));
  mount(app, coverageCompoundsRoute, listCoverageCompounds(deps, parts));
  mount(app, coverageExportRoute, exportCoverage(deps, parts));
  return app;
}
