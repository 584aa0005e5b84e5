import { everyone } from '../../../core/access/roles.ts';
import { datasetTileParamsSchema, tileMatrixSetSchema, tileMatrixSetsSchema, tilesetListSchema, tilesetSchema } from '../../../core/contracts/ogc-tiles.ts';
import { declareRoute } from '../declare.ts';

/** OGC API – Tiles 1.0 over the public vector tiles: tile matrix sets, tilesets per collection and for the dataset. */

const open = { roles: everyone } as const;

export const tileMatrixSetsRoute = declareRoute({
  method: 'get',
  path: '/ogc/tileMatrixSets',
  summary: 'Tile matrix sets the tiles use (WebMercatorQuad)',
  access: open,
  response: tileMatrixSetsSchema,
});

// parse: 'handler' on the routes with an id: an unknown one is a 404 naming it
export const tileMatrixSetRoute = declareRoute({
  method: 'get',
  path: '/ogc/tileMatrixSets/:tileMatrixSetId',
  summary: 'One tile matrix set (OGC Two Dimensional Tile Matrix Set 2.0 JSON)',
  access: open,
  response: tileMatrixSetSchema,
  parse: 'handler',
});

export const datasetTilesetsRoute = declareRoute({
  method: 'get',
  path: '/ogc/tiles',
  summary: 'Vector tilesets of the whole dataset (every layer in one tile)',
  access: open,
  response: tilesetListSchema,
});

export const datasetTilesetRoute = declareRoute({
  method: 'get',
  path: '/ogc/tiles/:tileMatrixSetId',
  summary: 'The dataset tileset: its tile URL template, layers, zooms and extent',
  access: open,
  response: tilesetSchema,
  parse: 'handler',
});

export const datasetTileRoute = declareRoute({
  method: 'get',
  path: '/ogc/tiles/:tileMatrixSetId/:tileMatrix/:tileRow/:tileCol',
  summary: 'One dataset tile: the layers of that zoom in one Mapbox vector tile (gzip when accepted, 204 when empty)',
  access: open,
  params: datasetTileParamsSchema,
  responseTypes: ['application/vnd.mapbox-vector-tile'],
  also: { 204: 'no feature of any layer in this tile', 304: 'unchanged since the ETag sent' },
  parse: 'handler',
});

export const collectionTilesetsRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/:collectionId/tiles',
  summary: 'Vector tilesets of a collection (the public layers; not incidents)',
  access: open,
  response: tilesetListSchema,
  parse: 'handler',
});

export const collectionTilesetRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/:collectionId/tiles/:tileMatrixSetId',
  summary: 'A collection’s tileset: the `/tiles/{layer}/…` URL template with the data version, layers, zooms and extent',
  access: open,
  response: tilesetSchema,
  parse: 'handler',
});
