import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { AppDeps } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { tileLayerIds, type TileLayerId } from '../../../core/tiles/layer-ids.ts';
import { layerExtent, tileVersion } from '../../../db/tiles/meta.ts';
import type { RouteHandler } from '../declare.ts';
import { parseRange } from './byte-range.ts';
import { buildStyle } from './style/build.ts';
import { siteKindRegistry } from '../site-kinds/registry.ts';
import type { TileService } from './tile-service.ts';
import { publicOrigin } from './tilejson.ts';
import type { basemapRoute, styleRoute } from './tiles.routes.ts';

/** The MapLibre style with the data versions read now, so a map loaded after an edit asks for new tiles. */
export const serveStyle =
  ({ database, env }: AppDeps, tiles: TileService): RouteHandler<typeof styleRoute> =>
  async (c) => {
    const known = await tiles.versions.get(true);
    const versions = Object.fromEntries(tileLayerIds.map((id) => [id, tileVersion(id, known)])) as Record<TileLayerId, number>;
    c.header('Cache-Control', 'no-cache');
    // fresh: the style is never cached, so a kind added a moment ago is drawn in its colour at once
    const [extent, siteKinds] = await Promise.all([layerExtent(database, 'districts'), siteKindRegistry(database, true)]);
    return c.json(buildStyle(env, publicOrigin(c, env), versions, extent, siteKinds));
  };

/** The PMTiles basemap file, whole or the requested byte range (MapLibre's pmtiles protocol reads ranges). */
export const serveBasemap =
  ({ env }: AppDeps): RouteHandler<typeof basemapRoute> =>
  (c) => {
    if (!env.BASEMAP_PMTILES) throw new ApiError(404, 'no_basemap', 'no PMTiles basemap configured (BASEMAP_PMTILES)');
    const { size, mtimeMs } = statSync(env.BASEMAP_PMTILES);
    c.header('Accept-Ranges', 'bytes');
    c.header('ETag', `"${size}-${Math.round(mtimeMs)}"`);
    c.header('Content-Type', 'application/vnd.pmtiles');
    const header = c.req.header('range');
    if (!header) {
      c.header('Content-Length', String(size));
      return c.body(Readable.toWeb(createReadStream(env.BASEMAP_PMTILES)) as ReadableStream);
    }
    const range = parseRange(header, size);
    if (!range) {
      c.header('Content-Range', `bytes */${size}`);
      throw new ApiError(416, 'invalid_range', `range "${header}" is outside the ${size}-byte file`, 'range');
    }
    const [start, end] = range;
    c.header('Content-Range', `bytes ${start}-${end}/${size}`);
    c.header('Content-Length', String(end - start + 1));
    return c.body(Readable.toWeb(createReadStream(env.BASEMAP_PMTILES, { start, end })) as ReadableStream, 206);
  };
