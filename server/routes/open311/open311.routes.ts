import { z } from 'zod';
import { everyone, staff } from '../../../core/access/roles.ts';
import {
  open311CreatedSchema,
  open311CreateRequestSchema,
  open311ListQuerySchema,
  open311RequestSchema,
  open311ServiceDefinitionSchema,
  open311ServiceSchema,
} from '../../../core/contracts/open311.ts';
import { declareRoute, type RouteSpec } from '../declare.ts';
import type { Format } from './open311-format.ts';

const serviceList = z.array(open311ServiceSchema);
const requestList = z.array(open311RequestSchema);

/**
 * What every Open311 route shares: errors in GeoReport's format, and the API token accepted as `api_key`
 * (Open311 clients send no header; on the public resources a wrong key is still a 401).
 */
const georeport = { errorFormat: 'open311', apiKey: true } as const;

/** A resource's `.json` and `.xml` routes: Open311 puts the format in the path, not in Accept. */
const perFormat = <S extends RouteSpec>(declare: (ext: Format, responseTypes: string[]) => S) => ({
  json: declare('json', ['application/json']),
  xml: declare('xml', ['text/xml']),
});

const discoverySchema = z.object({
  changeset: z.string(),
  contact: z.string(),
  key_service: z.string(),
  endpoints: z.array(
    z.object({ specification: z.string(), url: z.string(), changeset: z.string(), type: z.enum(['production', 'test']), formats: z.array(z.string()) }),
  ),
});

// GeoReport v2 clients start here to find the endpoint, its formats and how to get a key
export const discoveryRoutes = perFormat((ext, responseTypes) =>
  declareRoute({
    method: 'get',
    path: `/open311/v2/discovery.${ext}`,
    summary: 'Open311: service discovery (endpoint, formats, how to get an API key)',
    access: { roles: everyone },
    response: discoverySchema,
    responseTypes,
    ...georeport,
    names: { response: 'Open311Discovery' },
  }),
);

export const servicesRoutes = perFormat((ext, responseTypes) =>
  declareRoute({
    method: 'get',
    path: `/open311/v2/services.${ext}`,
    summary: 'Open311: services (incident categories)',
    access: { roles: everyone },
    response: serviceList,
    responseTypes,
    ...georeport,
    names: { response: 'Open311Services' },
  }),
);

export const listRequestsRoutes = perFormat((ext, responseTypes) =>
  declareRoute({
    method: 'get',
    path: `/open311/v2/requests.${ext}`,
    summary: 'Open311: service requests in the key owner’s area (default: the last 90 days)',
    access: { roles: staff, scoped: true },
    query: open311ListQuerySchema,
    response: requestList,
    responseTypes,
    ...georeport,
    names: { response: 'Open311Requests' },
  }),
);

export const createRequestRoutes = perFormat((ext, responseTypes) =>
  declareRoute({
    method: 'post',
    path: `/open311/v2/requests.${ext}`,
    summary: 'Open311: report a request (creates an incident; optional Idempotency-Key header)',
    access: { roles: staff },
    body: open311CreateRequestSchema,
    bodyType: 'application/x-www-form-urlencoded',
    status: 201,
    response: open311CreatedSchema,
    also: { 200: { description: 'a repeated Idempotency-Key: the request the first POST created', body: true } },
    errors: [409],
    responseTypes,
    ...georeport,
  }),
);

export const serviceDefinitionRoute = declareRoute({
  method: 'get',
  path: '/open311/v2/services/:code',
  summary: 'Open311: service definition (`{code}.json` or `{code}.xml`)',
  access: { roles: everyone },
  response: open311ServiceDefinitionSchema,
  responseTypes: ['application/json', 'text/xml'],
  ...georeport,
});

export const showRequestRoute = declareRoute({
  method: 'get',
  path: '/open311/v2/requests/:id',
  summary: 'Open311: one service request (`{id}.json` or `{id}.xml`)',
  access: { roles: staff, scoped: true },
  response: requestList,
  responseTypes: ['application/json', 'text/xml'],
  ...georeport,
  names: { response: 'Open311Requests' },
});
