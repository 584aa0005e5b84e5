import { staff } from '../../../core/access/roles.ts';
import {
  actionRequestSchema,
  createIncidentSchema,
  incidentDetailSchema,
  incidentListSchema,
  listIncidentsQuerySchema,
} from '../../../core/contracts/incidents.ts';
import { routingRequestSchema } from '../../../core/contracts/centers.ts';
import { declareRoute } from '../declare.ts';

const caseAccess = { roles: staff, scoped: true, personal: true } as const;

export const reportIncidentRoute = declareRoute({
  method: 'post',
  path: '/incidents',
  summary: 'Report an incident (idempotent by Idempotency-Key); its grid and areas are found in SQL',
  access: caseAccess,
  body: createIncidentSchema,
  status: 201,
  response: incidentDetailSchema,
  also: { 200: { description: 'a repeated Idempotency-Key: the case the first request created', body: true } },
  errors: [409, 422],
});

export const listIncidentsRoute = declareRoute({
  method: 'get',
  path: '/incidents',
  summary: 'Incidents in the caller’s area, newest first, with filters and a keyset cursor',
  access: caseAccess,
  query: listIncidentsQuerySchema,
  response: incidentListSchema,
});

export const incidentDetailRoute = declareRoute({
  method: 'get',
  path: '/incidents/:id',
  summary: 'One incident with its full history and the caller’s allowed actions',
  access: caseAccess,
  response: incidentDetailSchema,
});

export const incidentActionRoute = declareRoute({
  method: 'post',
  path: '/incidents/:id/actions',
  summary: 'One workflow step (register, dispatch, accept, report back, verify, …); 409 lists the allowed actions',
  access: caseAccess,
  body: actionRequestSchema,
  response: incidentDetailSchema,
  errors: [409],
});

export const incidentRoutingRoute = declareRoute({
  method: 'post',
  path: '/incidents/:id/routing',
  summary: 'Move a case between centers and departments: hand_up (上报), transfer (流转/转办), return (退回), co_handle (协办)',
  access: { roles: ['admin', 'commander'], scoped: true, personal: true },
  body: routingRequestSchema,
  response: incidentDetailSchema,
});
