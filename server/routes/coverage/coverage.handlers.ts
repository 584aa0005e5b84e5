import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import type { CoverageCompound, CoverageResponse, SiteKindInfo } from '../../../core/contracts/planning.ts';
import { areaShapes, listSiteKinds } from '../../../db/queries/coverage.ts';
import type { RouteHandler } from '../declare.ts';
import { areaTables, computeCoverage, coveredCompounds, METHOD_NOTE, resolveKinds } from './coverage-data.ts';
import { coverageCsv, coverageGeoJson, coverageStem } from './coverage-export.ts';
import { checkedPlanningPrefix } from './coverage-scope.ts';
import { sendDownload } from './planning-download.ts';
import { walkMode, walkRadius, WALK_METHOD_NOTE } from '../../planning/walk-coverage.ts';
import type { coverageCompoundsRoute, coverageExportRoute, coverageRoute, siteKindsRoute } from './coverage.routes.ts';

/** Coverage depends on the caller's area: never shared between callers by a cache. */
const privateJson = <T>(c: Context<AppEnv>, body: T) => {
  c.header('Cache-Control', 'private, no-store');
  return c.json(body);
};

/** Lists the site kinds of the registry. */
export const listKinds =
  ({ database }: AppDeps): RouteHandler<typeof siteKindsRoute> =>
  async (c) => {
    const kinds: SiteKindInfo[] = await listSiteKinds(database.pool);
    return c.json({ kinds });
  };

/** Coverage per area of the requested level inside the caller's area; `parts` concurrent queries. */
export const showCoverage =
  ({ database }: AppDeps, parts: number): RouteHandler<typeof coverageRoute> =>
  async (c, { query }) => {
    const prefix = await checkedPlanningPrefix(database.pool, callerOf(c), query.area);
    const walk = walkMode(query);
    const kinds = await resolveKinds(database.pool, query.kinds, query.radius);
    const answer: CoverageResponse = await computeCoverage(database.pool, { ...kinds, level: query.level, prefix, area: prefix || null, parts, walk });
    return privateJson(c, answer);
  };

/** The compounds inside the caller's area with their coverage (optionally only the uncovered ones). */
export const listCoverageCompounds =
  ({ database }: AppDeps, parts: number): RouteHandler<typeof coverageCompoundsRoute> =>
  async (c, { query }) => {
    const prefix = await checkedPlanningPrefix(database.pool, callerOf(c), query.area);
    const walk = walkMode(query);
    const { kinds, radius } = await resolveKinds(database.pool, query.kinds, query.radius);
    let rows = await coveredCompounds(database.pool, { kinds, radius, prefix, parts, walk });
    if (query.uncovered === 'true') rows = rows.filter((r) => !r.covered);
    const compounds: CoverageCompound[] = rows.map(({ gridCode: _grid, nearest, ...rest }) => ({
      ...rest,
      nearest: nearest === null ? null : Math.round(nearest),
    }));
    const method = walk ? WALK_METHOD_NOTE : METHOD_NOTE;
    return privateJson(c, { kinds, radius: walk ? walkRadius(walk.minutes) : radius, area: prefix || null, method, compounds });
  };

/** Coverage per area as a CSV or GeoJSON download. */
export const exportCoverage =
  ({ database }: AppDeps, parts: number): RouteHandler<typeof coverageExportRoute> =>
  async (c, { query }) => {
    const pool = database.pool;
    const prefix = await checkedPlanningPrefix(pool, callerOf(c), query.area);
    const walk = walkMode(query);
    const kinds = await resolveKinds(pool, query.kinds, query.radius);
    const answer = await computeCoverage(pool, { ...kinds, level: query.level, prefix, area: prefix || null, parts, walk });
    const stem = coverageStem(answer, prefix);
    c.header('Cache-Control', 'private, no-store');
    if (query.format === 'csv') return sendDownload(c, 'csv', stem, coverageCsv(answer));
    const shapes = await areaShapes(pool, areaTables[query.level], prefix);
    return sendDownload(c, 'geojson', stem, coverageGeoJson(answer, shapes));
  };
