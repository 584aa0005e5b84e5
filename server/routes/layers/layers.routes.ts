import { everyone, signedIn, staff } from '../../../core/access/roles.ts';
import {
  areaCardSchema,
  areaCodeParamSchema,
  coverageQuerySchema,
  coverageResponseSchema,
  gridWorkerContactSchema,
  incidentLayerQuerySchema,
} from '../../../core/contracts/map.ts';
import { declareRoute } from '../declare.ts';

/** Packed incident columns for deck.gl (core/contracts/map-wire.ts), not JSON. */
const incidentWire = ['application/octet-stream'];

export const areaCardRoute = declareRoute({
  method: 'get',
  path: '/layers/areas/:code',
  summary: 'Info card of a district, street, community or grid cell (public: names no person)',
  access: { roles: everyone },
  params: areaCodeParamSchema,
  response: areaCardSchema,
});

export const areaWorkerRoute = declareRoute({
  method: 'get',
  path: '/layers/areas/:code/worker',
  summary: 'The responsible grid worker of an area in the caller’s scope, name and phone masked by role',
  access: { roles: staff, personal: true, scoped: true },
  params: areaCodeParamSchema,
  response: gridWorkerContactSchema,
});

export const incidentDensityRoute = declareRoute({
  method: 'get',
  path: '/layers/incidents/density',
  summary: 'Public incident layer: counts per grid cell and month as packed columns (no individual cases)',
  access: { roles: everyone },
  query: incidentLayerQuerySchema,
  responseTypes: incidentWire,
  also: { 304: 'unchanged since the ETag sent in If-None-Match' },
});

export const incidentLayerRoute = declareRoute({
  method: 'get',
  path: '/layers/incidents',
  summary: 'Individual incidents in the caller’s area as packed columns for the map (filters: category, status, from, to)',
  access: { roles: signedIn, scoped: true },
  query: incidentLayerQuerySchema,
  responseTypes: incidentWire,
  also: { 304: 'unchanged since the ETag sent in If-None-Match' },
});

export const coverageLayerRoute = declareRoute({
  method: 'get',
  path: '/layers/coverage',
  summary: 'Volunteer coverage per grid cell within `radius` metres of the staffed watch posts, in the caller’s area',
  access: { roles: signedIn, scoped: true },
  query: coverageQuerySchema,
  response: coverageResponseSchema,
});
