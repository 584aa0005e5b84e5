import { everyone, staff } from '../../../core/access/roles.ts';
import { exportIncidentsQuerySchema, exportLayerQuerySchema } from '../../../core/contracts/exports.ts';
import { geoJsonFeatureCollectionSchema } from '../../../core/contracts/geojson.ts';
import { declareRoute } from '../declare.ts';

/** The media types of `?format=csv|geojson|gpkg`. */
const files = ['text/csv', 'application/geo+json', 'application/geopackage+sqlite3'];

export const exportIncidentsRoute = declareRoute({
  method: 'get',
  path: '/exports/incidents',
  summary: 'Download the filtered incidents in the caller’s area (reporter masked): ?format=csv|geojson|gpkg plus the incident list filters',
  access: { roles: staff, scoped: true, personal: true },
  query: exportIncidentsQuerySchema,
  response: geoJsonFeatureCollectionSchema,
  responseTypes: files,
});

export const exportLayerRoute = declareRoute({
  method: 'get',
  path: '/exports/:layer',
  summary: 'Download a layer (districts, streets, communities, grid_cells, compounds, sites): ?format=csv|geojson|gpkg, bbox, column=value filters',
  access: { roles: everyone },
  query: exportLayerQuerySchema,
  response: geoJsonFeatureCollectionSchema,
  responseTypes: files,
  // an unknown layer is a 404 before its query is judged
  parse: 'handler',
});
