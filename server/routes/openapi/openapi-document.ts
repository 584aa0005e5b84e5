import { z } from 'zod';
import type { Hono } from 'hono';
import { endpoints, type Endpoint } from '../../access/routes.ts';
import { errorResponseSchema } from '../../../core/contracts/errors.ts';
import { specOf, type RouteSpec } from '../declare.ts';
import * as auth_auditContracts from '../../../core/contracts/auth-audit.ts';
import * as authContracts from '../../../core/contracts/auth.ts';
import * as errorsContracts from '../../../core/contracts/errors.ts';
import * as exportsContracts from '../../../core/contracts/exports.ts';
import * as fieldContracts from '../../../core/contracts/field.ts';
import * as incidentsContracts from '../../../core/contracts/incidents.ts';
import * as kpisContracts from '../../../core/contracts/kpis.ts';
import * as mapContracts from '../../../core/contracts/map.ts';
import * as ogcContracts from '../../../core/contracts/ogc.ts';
import * as open311Contracts from '../../../core/contracts/open311.ts';
import * as planning_sitingContracts from '../../../core/contracts/planning-siting.ts';
import * as planningContracts from '../../../core/contracts/planning.ts';
import * as systemContracts from '../../../core/contracts/system.ts';


type Json = Record<string, unknown>;
const pascal = (name: string) => name.replace(/Schema$/, '').replace(/^./, (c) => c.toUpperCase());

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  return rest;
}

/** Hono `/a/:id{[0-9]+}/:x?` → OpenAPI `/a/{id}/{x}` and the path parameters with their patterns. */
export function openApiPath(path: string): { path: string; params: { name: string; pattern?: string }[] } {
  const params: { name: string; pattern?: string }[] = [];
  const converted = path.replace(/:(\w+)(\{((?:[^{}]|\{[^}]*\})*)\})?\??/g, (_m, name: string, _b, pattern?: string) => {
    params.push(pattern ? { name, pattern: `^${pattern}$` } : { name });
    return `{${name}}`;
  });
  return { path: converted, params };
}

const tagOf = (path: string) => {
  const parts = path.split('/').filter(Boolean);
  return parts[0] === 'api' ? (parts[1] ?? 'api') : (parts[0]?.replace(/\.json$/, '') ?? 'root');
};

/**
 * Component names of the contract schemas: the export name without `Schema` (first module wins on a
 * clash), so `createIncidentSchema` is `#/components/schemas/CreateIncident`.
 */
const contractNames = new Map<unknown, string>();
for (const module of [auth_auditContracts, authContracts, errorsContracts, exportsContracts, fieldContracts, incidentsContracts, kpisContracts, mapContracts, ogcContracts, open311Contracts, planning_sitingContracts, planningContracts, systemContracts] as Record<string, unknown>[]) {
  for (const [name, value] of Object.entries(module)) {
    if (name.endsWith('Schema') && !contractNames.has(value)) contractNames.set(value, pascal(name));
  }
}

/** The declarations of an app's routes by `METHOD /mounted/path`, from the handlers `mount` registered. */
function declarations(app: Pick<Hono, 'routes'>): Map<string, RouteSpec> {
  const found = new Map<string, RouteSpec>();
  for (const route of app.routes) {
    const spec = specOf(route.handler);
    if (spec) found.set(`${route.method} ${route.path}`, spec);
  }
  return found;
}

/**
 * The OpenAPI 3.1 document of an app: every endpoint `app.routes` holds (so none can be missing), its
 * access policy (roles, scope, personal data) as security + `x-access`, and the request/response
 * schemas of its declaration (`declareRoute`), converted with zod's `z.toJSONSchema`.
 *
 * @example
 * const doc = openApiDocument(createApp(deps));
 * doc.paths['/api/incidents'].post.requestBody // createIncident schema
 */
export function openApiDocument(app: Pick<Hono, 'routes'>): Json {
  const declared = declarations(app);
  const components: Record<string, Json> = { Error: jsonSchema(errorResponseSchema, 'output') };
  const component = (name: string, schema: z.ZodType, io: 'input' | 'output') => {
    const key = io === 'input' && name.endsWith('Response') ? `${name}Input` : name;
    components[key] ??= jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${key}` };
  };
  const paths: Record<string, Record<string, Json>> = {};
  const operationIds = new Set<string>();
  for (const endpoint of endpoints(app as Hono)) {
    if (endpoint.method === 'ALL') continue;
    const hint: Partial<RouteSpec> = declared.get(`${endpoint.method} ${endpoint.path}`) ?? {};
    const { path, params } = openApiPath(endpoint.path);
    const method = endpoint.method.toLowerCase();
    const parameters: Json[] = params.map((p) => ({
      name: p.name, in: 'path', required: true, schema: { type: 'string', ...(p.pattern ? { pattern: p.pattern } : {}) },
    }));
    const query = hint.query;
    if (query) {
      const schema = jsonSchema(query, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property });
      }
    }
    const body = hint.body;
    const response = hint.response;
    const policy = endpoint.policy;
    let operationId = `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`;
    while (operationIds.has(operationId)) operationId += '_';
    operationIds.add(operationId);
    const status = String(hint.status ?? 200);
    (paths[path] ??= {})[method] = {
      operationId,
      summary: hint.summary ?? `${endpoint.method} ${endpoint.path}`,
      tags: [tagOf(endpoint.path)],
      ...(parameters.length ? { parameters } : {}),
      ...(body
        ? { requestBody: { required: true, content: { [hint.bodyType ?? 'application/json']: { schema: component(pascal(hint.names?.body ?? contractNames.get(body) ?? `${operationId}Body`), body, 'input') } } } }
        : {}),
      responses: {
        [status]: {
          description: 'success',
          ...(response || hint.responseTypes
            ? { content: Object.fromEntries((hint.responseTypes ?? ['application/json']).map((type) => [type, response ? { schema: component(pascal(hint.names?.response ?? contractNames.get(response) ?? `${operationId}Response`), response, 'output') } : {}])) }
            : {}),
        },
        '4XX': { description: 'client error (the field at fault is named)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
      security: security(policy),
      ...(policy ? { 'x-access': { roles: policy.roles, scoped: policy.scoped ?? false, personal: policy.personal ?? false } } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '平安网格 Pingan Grid API',
      version: '0.1.0',
      description: 'HTTP API of Pingan Grid: the JSON API under /api, OGC API – Features under /ogc and Open311 GeoReport v2 under /open311/v2. Every error has one shape: {"error": {"code", "message", "field"?}} (Open311 routes answer in the GeoReport error format).',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (pgt_…) created by an admin' },
        session: { type: 'apiKey', in: 'cookie', name: 'pingan_session', description: 'browser session; unsafe methods also need X-CSRF-Token' },
        apiKey: { type: 'apiKey', in: 'query', name: 'api_key', description: 'Open311 routes: the API token as api_key' },
      },
    },
  };
}

function security(policy: Endpoint['policy']): Json[] {
  const signed = [{ bearer: [] }, { session: [] }];
  if (!policy) return signed;
  return policy.roles.includes('public') ? [{}, ...signed] : signed;
}
