import { everyone } from '../../../core/access/roles.ts';
import { tileJsonSchema, tileParamsSchema, tileQuerySchema } from '../../../core/contracts/map.ts';
import { mapStyleSchema } from '../../../core/contracts/map-style.ts';
import { declareRoute } from '../declare.ts';

/** Boundary and site layers and the style are public: a map page loads them before anyone signs in. */
const open = { roles: everyone } as const;

export const tileJsonRoute = declareRoute({
  method: 'get',
  path: '/tiles/:layer',
  summary: 'TileJSON 3.0.0 of a vector tile layer (`{layer}` or `{layer}.json`); its tile URL carries the data version',
  access: open,
  response: tileJsonSchema,
});

export const vectorTileRoute = declareRoute({
  method: 'get',
  path: '/tiles/:layer/:z/:x/:y',
  summary: 'One Mapbox vector tile (optional .pbf/.mvt suffix, gzip when accepted, 204 when empty); `?v=` of the current version is cached for a year',
  access: open,
  params: tileParamsSchema,
  query: tileQuerySchema,
  responseTypes: ['application/vnd.mapbox-vector-tile'],
  also: { 204: 'no feature of the layer in this tile', 304: 'unchanged since the ETag sent in If-None-Match' },
  // the path is checked before the query, so a request wrong in both names the path field as it always did
  parse: 'handler',
});

export const styleRoute = declareRoute({
  method: 'get',
  path: '/style.json',
  summary: 'MapLibre style (spec v8) of the map: every tile source with its versioned URL, the configured basemap',
  access: open,
  response: mapStyleSchema,
});

export const basemapRoute = declareRoute({
  method: 'get',
  path: '/basemap.pmtiles',
  summary: 'The configured PMTiles basemap archive (BASEMAP_PMTILES), with HTTP range requests (206)',
  access: open,
  responseTypes: ['application/vnd.pmtiles'],
  also: { 206: { description: 'the requested byte range', body: true } },
  // no basemap configured; a range outside the file
  errors: [404, 416],
});
