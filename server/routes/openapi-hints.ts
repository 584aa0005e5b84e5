import type { RouteHint } from './openapi-document.ts';
import { open311CreatedSchema, open311CreateRequestSchema, open311ListQuerySchema, open311RequestSchema, open311ServiceDefinitionSchema, open311ServiceSchema } from '../contracts/open311.ts';
import { z } from 'zod';
import { ogcCollectionSchema, ogcFeatureCollectionSchema, ogcFormatSchema, ogcItemQuerySchema, ogcItemsQuerySchema } from '../contracts/ogc.ts';

/**
 * Descriptions of routes whose schemas the source scan cannot find (they are parsed in helpers), by
 * `METHOD /full/path`. Routes not listed here are still in the document (from `app.routes`).
 */
const geojson = ['application/geo+json', 'text/html'];
const jsonOrHtml = ['application/json', 'text/html'];

const open311: Record<string, RouteHint> = {};
for (const ext of ['json', 'xml']) {
  const types = [ext === 'json' ? 'application/json' : 'text/xml'];
  const names = (body: string | undefined, response: string) => ({ ...(body ? { body } : {}), response });
  open311[`GET /open311/v2/services.${ext}`] = { summary: 'Open311: services (incident categories)', response: z.array(open311ServiceSchema), responseTypes: types, names: names(undefined, 'Open311Services') };
  open311[`GET /open311/v2/requests.${ext}`] = {
    summary: 'Open311: service requests in the key owner’s area (default: the last 90 days)',
    query: open311ListQuerySchema, response: z.array(open311RequestSchema), responseTypes: types, names: names(undefined, 'Open311Requests'),
  };
  open311[`POST /open311/v2/requests.${ext}`] = {
    summary: 'Open311: report a request (creates an incident; optional Idempotency-Key header)', status: 201,
    body: open311CreateRequestSchema, bodyType: 'application/x-www-form-urlencoded', response: open311CreatedSchema, responseTypes: types,
    names: names('Open311CreateRequest', 'Open311Created'),
  };
}

export const routeHints: Record<string, RouteHint> = {
  ...open311,
  'GET /open311/v2/services/:code': {
    summary: 'Open311: service definition (`{code}.json` or `{code}.xml`)', response: open311ServiceDefinitionSchema,
    responseTypes: ['application/json', 'text/xml'], names: { response: 'Open311ServiceDefinition' },
  },
  'GET /open311/v2/requests/:id': {
    summary: 'Open311: one service request (`{id}.json` or `{id}.xml`)', response: z.array(open311RequestSchema),
    responseTypes: ['application/json', 'text/xml'], names: { response: 'Open311Requests' },
  },
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
  'GET /api/exports/incidents': {
    summary: 'Download the filtered incidents in the caller’s area (reporter masked): ?format=csv|geojson|gpkg plus the incident list filters',
    responseTypes: ['text/csv', 'application/geo+json', 'application/geopackage+sqlite3'],
  },
  'GET /api/exports/:layer': {
    summary: 'Download a layer (districts, streets, communities, grid_cells, compounds, sites): ?format=csv|geojson|gpkg, bbox, column=value filters',
    responseTypes: ['text/csv', 'application/geo+json', 'application/geopackage+sqlite3'],
  },
  'GET /api/openapi.json': { summary: 'This OpenAPI 3.1 document' },
  'GET /api/docs': { summary: 'Interactive API documentation (Swagger UI)', responseTypes: ['text/html'] },
  'GET /api/docs/:asset': { summary: 'Assets of the documentation page' },
};
