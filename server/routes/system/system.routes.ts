import { everyone } from '../../../core/access/roles.ts';
import { healthResponseSchema, healthUnavailableSchema, statsSummarySchema } from '../../../core/contracts/system.ts';
import { declareRoute } from '../declare.ts';

export const healthRoute = declareRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness: the database mode and the PostGIS version it answers with',
  access: { roles: everyone },
  response: healthResponseSchema,
  also: { 503: { description: 'the database did not answer within 3 s', body: healthUnavailableSchema } },
});

export const statsSummaryRoute = declareRoute({
  method: 'get',
  path: '/stats/summary',
  summary: 'City-wide counts: areas, grid cells, compounds, households, population, sites, workers, incidents',
  access: { roles: everyone },
  response: statsSummarySchema,
});
