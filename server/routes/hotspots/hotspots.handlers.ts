import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { areaShapes } from '../../../db/queries/coverage.ts';
import type { RouteHandler } from '../declare.ts';
import { checkedPlanningPrefix } from '../coverage/coverage-scope.ts';
import { sendDownload } from '../coverage/planning-download.ts';
import { computeHotspots } from './hotspots-data.ts';
import { hotspotsCsv, hotspotsGeoJson, hotspotsStem } from './hotspots-export.ts';
import type { hotspotsExportRoute, hotspotsRoute } from './hotspots.routes.ts';

/** Hotspots inside the caller's area; private because the answer depends on that area. */
export const showHotspots =
  ({ database }: AppDeps): RouteHandler<typeof hotspotsRoute> =>
  async (c, { query }) => {
    const prefix = await checkedPlanningPrefix(database.pool, callerOf(c), query.area);
    c.header('Cache-Control', 'private, no-store');
    return c.json(await computeHotspots(database.pool, query, prefix));
  };

/** Hotspots inside the caller's area as a CSV or GeoJSON download. */
export const exportHotspots =
  ({ database }: AppDeps): RouteHandler<typeof hotspotsExportRoute> =>
  async (c, { query }) => {
    const pool = database.pool;
    const prefix = await checkedPlanningPrefix(pool, callerOf(c), query.area);
    const answer = await computeHotspots(pool, query, prefix);
    const stem = hotspotsStem(answer, prefix);
    c.header('Cache-Control', 'private, no-store');
    if (query.format === 'csv') return sendDownload(c, 'csv', stem, hotspotsCsv(answer));
    return sendDownload(c, 'geojson', stem, hotspotsGeoJson(answer, await areaShapes(pool, 'grid_cells', prefix)));
  };
