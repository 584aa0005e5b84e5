import type { Context } from 'hono';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AppDeps, AppEnv } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import { isTileLayerId, tileLayerIds, type TileLayerId } from '../../../core/tiles/layer-ids.ts';
import { tileLayers } from '../../../db/tiles/layers.ts';
import { layerExtent } from '../../../db/tiles/meta.ts';
import { isValidTile } from '../../../db/tiles/tile-math.ts';
import { tileMatrixSets, webMercatorQuad, webMercatorQuadId } from '../../ogc/tile-matrix-set.ts';
import { datasetTileset, layerTileset, tilesetList } from '../../ogc/tilesets.ts';
import { tileServiceFor } from '../tiles/tile-service.ts';
import { SHENYANG_BOUNDS } from '../tiles/tilejson.ts';
import type { RouteHandler } from '../declare.ts';
import { baseUrl } from './negotiate.ts';
import {
  datasetTileRoute,
  type collectionTilesetRoute,
  type collectionTilesetsRoute,
  type datasetTilesetRoute,
  type datasetTilesetsRoute,
  type tileMatrixSetRoute,
  type tileMatrixSetsRoute,
} from './tiles.routes.ts';

const MVT = 'application/vnd.mapbox-vector-tile';

/** Tileset documents name the current data version, so they are revalidated like TileJSON. */
function sendJson(c: Context<AppEnv>, body: unknown) {
  c.header('Cache-Control', 'no-cache');
  return c.json(body);
}

function matrixSetParam(c: Context<AppEnv>): string {
  const id = c.req.param('tileMatrixSetId') ?? '';
  if (id !== webMercatorQuadId) throw new ApiError(404, 'not_found', `no tile matrix set "${id}"; the tiles use ${webMercatorQuadId}`, 'tileMatrixSetId');
  return id;
}

function layerParam(c: Context<AppEnv>): TileLayerId {
  const id = c.req.param('collectionId') ?? '';
  if (!isTileLayerId(id)) throw new ApiError(404, 'not_found', `collection ${id} has no tiles; tiled collections: ${tileLayerIds.join(', ')}`, 'collectionId');
  return id;
}

const extentOf = async (deps: AppDeps, layer: TileLayerId) => (await layerExtent(deps.database, layer)) ?? SHENYANG_BOUNDS;

/** `/ogc/tileMatrixSets`. */
export const listTileMatrixSets =
  (deps: AppDeps): RouteHandler<typeof tileMatrixSetsRoute> =>
  (c) =>
    c.json(tileMatrixSets(baseUrl(c, deps.env)));

/** `/ogc/tileMatrixSets/WebMercatorQuad`. */
export const showTileMatrixSet = (): RouteHandler<typeof tileMatrixSetRoute> => (c) => {
  matrixSetParam(c);
  return c.json(webMercatorQuad());
};

/** A collection's tilesets (one: WebMercatorQuad). */
export const listCollectionTilesets =
  (deps: AppDeps): RouteHandler<typeof collectionTilesetsRoute> =>
  async (c) => {
    const layer = layerParam(c);
    const base = baseUrl(c, deps.env);
    const set = layerTileset(base, layer, await tileServiceFor(deps.database).freshVersion(layer), await extentOf(deps, layer));
    return sendJson(c, tilesetList(set, `${base}/ogc/collections/${layer}/tiles`));
  };

/** A collection's tileset metadata. */
export const showCollectionTileset =
  (deps: AppDeps): RouteHandler<typeof collectionTilesetRoute> =>
  async (c) => {
    const layer = layerParam(c);
    matrixSetParam(c);
    return sendJson(c, layerTileset(baseUrl(c, deps.env), layer, await tileServiceFor(deps.database).freshVersion(layer), await extentOf(deps, layer)));
  };

/** The dataset's tilesets (one: WebMercatorQuad). */
export const listDatasetTilesets =
  (deps: AppDeps): RouteHandler<typeof datasetTilesetsRoute> =>
  async (c) => {
    const base = baseUrl(c, deps.env);
    return sendJson(c, tilesetList(datasetTileset(base, tileLayerIds, await extentOf(deps, 'districts')), `${base}/ogc/tiles`));
  };

/** The dataset tileset metadata. */
export const showDatasetTileset =
  (deps: AppDeps): RouteHandler<typeof datasetTilesetRoute> =>
  async (c) => {
    matrixSetParam(c);
    return sendJson(c, datasetTileset(baseUrl(c, deps.env), tileLayerIds, await extentOf(deps, 'districts')));
  };

/**
 * One dataset tile: the tiles of every layer that exists at this zoom, from the same cache as
 * `/tiles/{layer}/…`, concatenated. An MVT is a protobuf message whose layers are a repeated field,
 * so the concatenation of whole tiles is itself one valid tile holding all their layers.
 */
export const serveDatasetTile =
  (deps: AppDeps): RouteHandler<typeof datasetTileRoute> =>
  async (c) => {
    matrixSetParam(c);
    const params = datasetTileRoute.params.parse(c.req.param());
    const [z, y, x] = [Number(params.tileMatrix), Number(params.tileRow), Number.parseInt(params.tileCol, 10)];
    if (!isValidTile(z, x, y))
      throw new ApiError(404, 'invalid_tile', `tile ${z}/${y}/${x} is outside WebMercatorQuad: row and col must be below 2^tileMatrix`, 'tileRow');
    const service = tileServiceFor(deps.database);
    const layers = tileLayerIds.filter((id) => z >= tileLayers[id].minzoom && z <= tileLayers[id].maxzoom);
    const tiles = await Promise.all(layers.map((layer) => service.get(layer, z, x, y)));
    const etag = `W/"all-${tiles.map((tile) => tile.version).join('.')}-${z}-${x}-${y}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'public, max-age=0, must-revalidate');
    c.header('Vary', 'Accept-Encoding');
    c.header('Content-Type', MVT);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    const mvt = Buffer.concat(tiles.filter((tile) => tile.gzipped.length).map((tile) => gunzipSync(tile.gzipped)));
    if (!mvt.length) return c.body(null, 204);
    const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
    const body = (gzip ? gzipSync(mvt, { level: 1 }) : mvt) as Uint8Array<ArrayBuffer>;
    if (gzip) c.header('Content-Encoding', 'gzip');
    c.header('Content-Length', String(body.byteLength));
    return c.body(body);
  };
