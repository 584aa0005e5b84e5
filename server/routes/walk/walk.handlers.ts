import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { toCsv } from '../../../core/formats/csv.ts';
import type { LifeCircleResponse } from '../../../core/contracts/planning-walk.ts';
import { areaShapes } from '../../../db/queries/coverage.ts';
import type { RouteHandler } from '../declare.ts';
import { resolveKinds } from '../coverage/coverage-data.ts';
import { checkedPlanningPrefix } from '../coverage/coverage-scope.ts';
import { areaFeatureCollection, sendDownload } from '../coverage/planning-download.ts';
import { lifeCircle } from '../../planning/walk-life-circle.ts';
import { siteIsochrones } from '../../planning/walk-isochrone.ts';
import { nearestSiteCode } from '../../../db/queries/walk.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { isochroneRoute, lifeCircleExportRoute, lifeCircleRoute } from './walk.routes.ts';

/** The life circles per street or community inside the caller's area. */
export const showLifeCircle =
  ({ database }: AppDeps): RouteHandler<typeof lifeCircleRoute> =>
  async (c, { query }) => {
    const prefix = await checkedPlanningPrefix(database.pool, callerOf(c), query.area);
    const { kinds } = await resolveKinds(database.pool, query.kinds, undefined);
    c.header('Cache-Control', 'private, no-store');
    return c.json(await lifeCircle(database.pool, { kinds, level: query.level, prefix }));
  };

const csvHeader = ['code', 'name', 'households', 'within5', 'within10', 'within15', 'share5', 'share10', 'share15', 'medianMinutes', 'compounds'];

/**
 * The life circles as CSV (UTF-8 BOM, shares to 4 places).
 *
 * @example
 * lifeCircleCsv(await lifeCircle(pool, request))
 */
export function lifeCircleCsv(answer: LifeCircleResponse): string {
  const share = (v: number | null) => (v === null ? null : Number(v.toFixed(4)));
  return toCsv(
    csvHeader,
    answer.rows.map((r) => [
      r.code,
      r.name,
      r.households,
      r.within5,
      r.within10,
      r.within15,
      share(r.share5),
      share(r.share10),
      share(r.share15),
      r.medianMinutes,
      r.compounds,
    ]),
  );
}

/** The life circles as a CSV or GeoJSON download. */
export const exportLifeCircle =
  ({ database }: AppDeps): RouteHandler<typeof lifeCircleExportRoute> =>
  async (c, { query }) => {
    const pool = database.pool;
    const prefix = await checkedPlanningPrefix(pool, callerOf(c), query.area);
    const { kinds } = await resolveKinds(pool, query.kinds, undefined);
    const answer = await lifeCircle(pool, { kinds, level: query.level, prefix });
    const stem = `life-circle-${answer.level}-${prefix || 'city'}`;
    c.header('Cache-Control', 'private, no-store');
    if (query.format === 'csv') return sendDownload(c, 'csv', stem, lifeCircleCsv(answer));
    const shapes = await areaShapes(pool, query.level === 'street' ? 'streets' : 'communities', prefix);
    const meta = {
      kinds,
      minutes: answer.minutes,
      speedMps: answer.speedMps,
      level: answer.level,
      area: answer.area,
      method: answer.method,
      totals: answer.totals,
    };
    return sendDownload(c, 'geojson', stem, areaFeatureCollection(meta, answer.rows, shapes));
  };

/** Walking isochrones around one site. */
export const showIsochrone =
  ({ database }: AppDeps): RouteHandler<typeof isochroneRoute> =>
  async (c, { query }) => {
    let site = query.site;
    if (!site) {
      if (query.lon === undefined || query.lat === undefined)
        throw new ApiError(400, 'invalid_request', 'site: give a site code, or lon and lat to take the nearest site', 'site');
      const { kinds } = await resolveKinds(database.pool, query.kinds, undefined);
      site = (await nearestSiteCode(database.pool, query.lon, query.lat, kinds)) ?? undefined;
      if (!site) throw new ApiError(404, 'not_found', `site: no site of ${kinds.join(', ')} found`, 'site');
    }
    c.header('Cache-Control', 'private, no-store');
    return c.json(await siteIsochrones(database.pool, site, query.minutes ?? [5, 10, 15]));
  };
