import { adminOnly, everyone } from '../../../core/access/roles.ts';
import {
  asOfQuerySchema,
  boundaryEditLogQuerySchema,
  boundaryEditLogSchema,
  boundaryEditResultSchema,
  boundaryEditSchema,
  gridsAsOfSchema,
  sitesAsOfSchema,
} from '../../../core/contracts/boundaries.ts';
import { declareRoute } from '../declare.ts';

export const applyBoundaryEditRoute = declareRoute({
  method: 'post',
  path: '/admin/boundaries/edits',
  summary: 'Edit the map: split, merge or redraw grids and a community, add, move or retire a site — validated, versioned, logged with a reason',
  access: { roles: adminOnly },
  body: boundaryEditSchema,
  status: 201,
  response: boundaryEditResultSchema,
  errors: [404, 409, 422],
});

export const listBoundaryEditsRoute = declareRoute({
  method: 'get',
  path: '/admin/boundaries/edits',
  summary: 'The edit log, newest first: who changed which boundary or site, when, why, and what came of it',
  access: { roles: adminOnly },
  query: boundaryEditLogQuerySchema,
  response: boundaryEditLogSchema,
});

export const gridsAsOfRoute = declareRoute({
  method: 'get',
  path: '/boundaries/grids',
  summary: 'The grids of an area as they were at a date (asOf, default now), with each version’s validity',
  access: { roles: everyone },
  query: asOfQuerySchema,
  response: gridsAsOfSchema,
});

export const sitesAsOfRoute = declareRoute({
  method: 'get',
  path: '/boundaries/sites',
  summary: 'The sites of an area as they stood at a date (asOf, default now): moved ones at their place then, retired ones while open',
  access: { roles: everyone },
  query: asOfQuerySchema,
  response: sitesAsOfSchema,
});
