import { gunzipSync } from 'node:zlib';
import type { AppDeps } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { tileLayers } from '../../../db/tiles/layers.ts';
import { isTileLayerId, tileLayerIds, type TileLayerId } from '../../../core/tiles/layer-ids.ts';
import { isValidTile } from '../../../db/tiles/tile-math.ts';
import { layerExtent } from '../../../db/tiles/meta.ts';
import type { RouteHandler } from '../declare.ts';
import type { TileService } from './tile-service.ts';
import { buildTileJson, publicOrigin } from './tilejson.ts';
import { vectorTileRoute, type tileJsonRoute } from './tiles.routes.ts';

const MVT = 'application/vnd.mapbox-vector-tile';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'public, max-age=0, must-revalidate';

function layerParam(value: string): TileLayerId {
  if (!isTileLayerId(value)) throw new ApiError(404, 'unknown_layer', `no tile layer "${value}"; layers: ${tileLayerIds.join(', ')}`, 'layer');
  return value;
}

/** TileJSON of a layer, read fresh so a client that loads the map after an edit gets the new tile URLs. */
export const serveTileJson =
  ({ database, env }: AppDeps, tiles: TileService): RouteHandler<typeof tileJsonRoute> =>
  async (c) => {
    const layer = layerParam((c.req.param('layer') ?? '').replace(/\.json$/, ''));
    const version = await tiles.freshVersion(layer);
    c.header('Cache-Control', 'no-cache');
    return c.json(buildTileJson(layer, publicOrigin(c, env), version, await layerExtent(database, layer)));
  };

/**
 * One vector tile. Versioned URLs (`?v=` equal to the current data version) are cached for a year;
 * anything else revalidates with the ETag.
 */
export const serveVectorTile =
  (tiles: TileService): RouteHandler<typeof vectorTileRoute> =>
  async (c) => {
    const params = vectorTileRoute.params.parse(c.req.param());
    const { v } = vectorTileRoute.query.parse(c.req.query());
    const layer = layerParam(params.layer);
    const { z, x, y } = params;
    if (!isValidTile(z, x, y)) throw new ApiError(400, 'invalid_tile', `tile ${z}/${x}/${y} does not exist: x and y must be below 2^z`, 'x');
    const def = tileLayers[layer];
    if (z < def.minzoom || z > def.maxzoom) throw new ApiError(404, 'zoom_out_of_range', `${layer} tiles exist for zoom ${def.minzoom}–${def.maxzoom}`, 'z');
    const tile = await tiles.get(layer, z, x, y, v);
    c.header('ETag', tile.etag);
    c.header('Cache-Control', v === tile.version ? IMMUTABLE : REVALIDATE);
    c.header('Vary', 'Accept-Encoding');
    // the type on every answer, empty ones too: GDAL's MVT driver given a URL without `.pbf` goes by it
    c.header('Content-Type', MVT);
    if (c.req.header('if-none-match') === tile.etag) return c.body(null, 304);
    if (!tile.gzipped.length) return c.body(null, 204);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = (gzip ? tile.gzipped : gunzipSync(tile.gzipped)) as Uint8Array<ArrayBuffer>;
    if (gzip) c.header('Content-Encoding', 'gzip');
    // explicit, so a HEAD (answered from this GET without its body) still says how large the tile is
    c.header('Content-Length', String(body.byteLength));
    return c.body(body);
  };
