import type { RouteHint } from './openapi-document.ts';
import { ogcCollectionSchema, ogcFeatureCollectionSchema, ogcFormatSchema, ogcItemQuerySchema, ogcItemsQuerySchema } from '../contracts/ogc.ts';

/**
 * Descriptions of routes whose schemas the source scan cannot find (they are parsed in helpers), by
 * `METHOD /full/path`. Routes not listed here are still in the document (from `app.routes`).
 */
const geojson = ['application/geo+json', 'text/html'];
const jsonOrHtml = ['application/json', 'text/html'];

export const routeHints: Record<string, RouteHint> = {
  'GET /ogc': { summary: 'OGC API – Features landing page', query: ogcFormatSchema, responseTypes: jsonOrHtml },
  'GET /ogc/conformance': { summary: 'Conformance classes', query: ogcFormatSchema, responseTypes: jsonOrHtml },
  'GET /ogc/collections': { summary: 'Feature collections (incidents for staff only)', query: ogcFormatSchema, responseTypes: jsonOrHtml },
  'GET /ogc/collections/incidents': { summary: 'The incidents collection', query: ogcFormatSchema, response: ogcCollectionSchema, responseTypes: jsonOrHtml, names: { response: 'OgcCollection' } },
  'GET /ogc/collections/:collectionId': { summary: 'One collection', query: ogcFormatSchema, response: ogcCollectionSchema, responseTypes: jsonOrHtml, names: { response: 'OgcCollection' } },
  'GET /ogc/collections/incidents/items': {
    summary: 'Incidents in the caller’s area (reporter masked); filters: bbox, datetime (reported_at), category, status, source, dispute_type, area codes',
    query: ogcItemsQuerySchema, response: ogcFeatureCollectionSchema, responseTypes: geojson, names: { response: 'OgcFeatureCollection' },
  },
  'GET /ogc/collections/incidents/items/:featureId': { summary: 'One incident by code', query: ogcItemQuerySchema, responseTypes: geojson },
  'GET /ogc/collections/:collectionId/items': {
    summary: 'Features of a layer; any property (e.g. kind, parent_code) filters by equality (a,b = any of)',
    query: ogcItemsQuerySchema, response: ogcFeatureCollectionSchema, responseTypes: geojson, names: { response: 'OgcFeatureCollection' },
  },
  'GET /ogc/collections/:collectionId/items/:featureId': { summary: 'One feature by code', query: ogcItemQuerySchema, responseTypes: geojson },
  'GET /api/openapi.json': { summary: 'This OpenAPI 3.1 document' },
  'GET /api/docs': { summary: 'Interactive API documentation (Swagger UI)', responseTypes: ['text/html'] },
  'GET /api/docs/:asset': { summary: 'Assets of the documentation page' },
};
