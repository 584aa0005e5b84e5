import { signedIn } from '../../../core/access/roles.ts';
import { geoJsonFeatureCollectionSchema } from '../../../core/contracts/geojson.ts';
import {
  coverageCompoundsQuerySchema,
  coverageCompoundsResponseSchema,
  coverageExportQuerySchema,
  coverageQuerySchema,
  coverageResponseSchema,
  siteKindListSchema,
} from '../../../core/contracts/planning.ts';
import { declareRoute } from '../declare.ts';

// Aggregates only (no personal data): every signed-in role, limited to its own area.
const areaFigures = { roles: signedIn, scoped: true } as const;

export const siteKindsRoute = declareRoute({
  method: 'get',
  path: '/coverage/kinds',
  summary: 'The registered site kinds with their default coverage radius',
  access: { roles: signedIn },
  response: siteKindListSchema,
});

export const coverageRoute = declareRoute({
  method: 'get',
  path: '/coverage',
  summary: 'Households within reach of sites of the chosen kinds per area, with the 全覆盖 verdict',
  access: areaFigures,
  query: coverageQuerySchema,
  response: coverageResponseSchema,
  // an unknown area
  errors: [404],
});

export const coverageCompoundsRoute = declareRoute({
  method: 'get',
  path: '/coverage/compounds',
  summary: 'The compounds behind the coverage figures, covered or not, with the distance to the nearest site',
  access: areaFigures,
  query: coverageCompoundsQuerySchema,
  response: coverageCompoundsResponseSchema,
  errors: [404],
});

export const coverageExportRoute = declareRoute({
  method: 'get',
  path: '/coverage/export',
  summary: 'Download coverage per area: ?format=csv|geojson plus the coverage query',
  access: areaFigures,
  query: coverageExportQuerySchema,
  response: geoJsonFeatureCollectionSchema,
  responseTypes: ['text/csv', 'application/geo+json'],
  errors: [404],
});
