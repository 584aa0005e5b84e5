import { everyone, staff } from '../../../core/access/roles.ts';
import { ogcCollectionsSchema, ogcConformanceSchema, ogcLandingPageSchema } from '../../../core/contracts/ogc-documents.ts';
import {
  ogcCollectionSchema,
  ogcFeatureCollectionSchema,
  ogcFeatureSchema,
  ogcFormatSchema,
  ogcItemQuerySchema,
  ogcItemsQuerySchema,
} from '../../../core/contracts/ogc.ts';
import { z } from 'zod';
import { declareRoute } from '../declare.ts';
import { maxOffset } from './features.ts';

const jsonOrHtml = ['application/json', 'text/html'];
const geojsonOrHtml = ['application/geo+json', 'text/html'];
const open = { roles: everyone } as const;
const incidentItems = { roles: staff, scoped: true, personal: true } as const;
// OWSLib pages with `offset`; the `next` links use `after` (keyset), which has no depth limit
const itemsQuery = ogcItemsQuerySchema.extend({
  /** features to skip (0–10000), instead of `after`; with it the page links keep to offsets */
  offset: z.coerce.number().int().min(0).max(maxOffset).optional(),
});

export const landingPageRoute = declareRoute({
  method: 'get',
  path: '/ogc',
  summary: 'OGC API – Features landing page',
  access: open,
  query: ogcFormatSchema,
  response: ogcLandingPageSchema,
  responseTypes: jsonOrHtml,
});

// OWSLib always asks for the landing page with a trailing slash, QGIS does when the user types one
export const landingPageSlashRoute = declareRoute({
  method: 'get',
  path: '/ogc/',
  summary: 'OGC API – Features landing page (as /ogc)',
  access: open,
  query: ogcFormatSchema,
  response: ogcLandingPageSchema,
  responseTypes: jsonOrHtml,
});

export const conformanceRoute = declareRoute({
  method: 'get',
  path: '/ogc/conformance',
  summary: 'Conformance classes',
  access: open,
  query: ogcFormatSchema,
  response: ogcConformanceSchema,
  responseTypes: jsonOrHtml,
});

export const collectionsRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections',
  summary: 'Feature collections (incidents for staff only)',
  access: open,
  query: ogcFormatSchema,
  response: ogcCollectionsSchema,
  responseTypes: jsonOrHtml,
});

// The incidents routes are mounted before the `:collectionId` ones, so they win for `incidents`.
export const incidentsCollectionRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/incidents',
  summary: 'The incidents collection',
  access: { roles: staff, scoped: true },
  query: ogcFormatSchema,
  response: ogcCollectionSchema,
  responseTypes: jsonOrHtml,
});

export const collectionsSlashRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/',
  summary: 'Feature collections (as /ogc/collections)',
  access: open,
  query: ogcFormatSchema,
  response: ogcCollectionsSchema,
  responseTypes: jsonOrHtml,
});

export const incidentItemsRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/incidents/items',
  summary: 'Incidents in the caller’s area (reporter masked); filters: bbox, datetime (reported_at), category, status, source, dispute_type, area codes',
  access: incidentItems,
  query: itemsQuery,
  response: ogcFeatureCollectionSchema,
  responseTypes: geojsonOrHtml,
});

// parse: 'handler' on the item and `:collectionId` routes: an unknown feature or collection is a 404
// before the query is read, so a bad `f` or `crs` on it stays a 404.
export const incidentItemRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/incidents/items/:featureId',
  summary: 'One incident by code',
  access: incidentItems,
  query: ogcItemQuerySchema,
  response: ogcFeatureSchema,
  responseTypes: geojsonOrHtml,
  parse: 'handler',
});

export const layerCollectionRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/:collectionId',
  summary: 'One collection',
  access: open,
  query: ogcFormatSchema,
  response: ogcCollectionSchema,
  responseTypes: jsonOrHtml,
  parse: 'handler',
});

export const layerItemsRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/:collectionId/items',
  summary: 'Features of a layer; any property (e.g. kind, parent_code) filters by equality (a,b = any of)',
  access: open,
  query: itemsQuery,
  response: ogcFeatureCollectionSchema,
  responseTypes: geojsonOrHtml,
  parse: 'handler',
});

export const layerItemRoute = declareRoute({
  method: 'get',
  path: '/ogc/collections/:collectionId/items/:featureId',
  summary: 'One feature by code',
  access: open,
  query: ogcItemQuerySchema,
  response: ogcFeatureSchema,
  responseTypes: geojsonOrHtml,
  parse: 'handler',
});
