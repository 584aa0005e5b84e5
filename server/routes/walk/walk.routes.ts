import { signedIn } from '../../../core/access/roles.ts';
import {
  isochroneQuerySchema,
  isochroneResponseSchema,
  lifeCircleExportQuerySchema,
  lifeCircleQuerySchema,
  lifeCircleResponseSchema,
} from '../../../core/contracts/planning-walk.ts';
import { geoJsonFeatureCollectionSchema } from '../../../core/contracts/geojson.ts';
import { declareRoute } from '../declare.ts';

// Aggregates only (no personal data): every signed-in role, limited to its own area, like /coverage.
const areaFigures = { roles: signedIn, scoped: true } as const;

export const lifeCircleRoute = declareRoute({
  method: 'get',
  path: '/coverage/life-circle',
  summary: '生活圈达标率: share of households within a 5/10/15-minute walk of a site of the kinds, per street or community',
  access: areaFigures,
  query: lifeCircleQuerySchema,
  response: lifeCircleResponseSchema,
  // an unknown area; no road network (409)
  errors: [404, 409],
});

export const lifeCircleExportRoute = declareRoute({
  method: 'get',
  path: '/coverage/life-circle/export',
  summary: 'Download the life-circle shares per street or community: ?format=csv|geojson',
  access: areaFigures,
  query: lifeCircleExportQuerySchema,
  response: geoJsonFeatureCollectionSchema,
  responseTypes: ['text/csv', 'application/geo+json'],
  errors: [404, 409],
});

export const isochroneRoute = declareRoute({
  method: 'get',
  path: '/coverage/isochrone',
  summary: 'Walking isochrones around a site (reached streets buffered and merged), 5/10/15 minutes by default',
  access: { roles: signedIn },
  query: isochroneQuerySchema,
  response: isochroneResponseSchema,
  errors: [404, 409],
});
