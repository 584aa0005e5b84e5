import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import type { Hono } from 'hono';
import { endpoints, type Endpoint } from '../../access/routes.ts';
import { errorResponseSchema } from '../../../core/contracts/errors.ts';
import { specOf, type RouteSpec } from '../declare.ts';
import { contractName, pascal } from './contract-names.ts';

type Json = Record<string, unknown>;
type ObjectSchema = { properties?: Record<string, Json>; required?: string[] };

/** What the document needs of an app: its registered routes. */
export type RoutedApp = Pick<Hono, 'routes'>;

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

/** The declarations of an app's routes by `METHOD /mounted/path`, from the handlers `mount` registered. */
function declarations(app: RoutedApp): Map<string, RouteSpec> {
  const found = new Map<string, RouteSpec>();
  for (const route of app.routes) {
    const spec = specOf(route.handler);
    if (spec) found.set(`${route.method} ${route.path}`, spec);
  }
  return found;
}

/**
 * The schema components of one document. A schema is named by the route's `names`, else its contract
 * export name, else the operation. A request reads a schema differently from a response (defaults are
 * optional), so an input under a response's name gets `…Input`; should two different schemas still
 * meet under one name, the later one is numbered rather than pointed at the other's schema.
 */
function componentRegistry() {
  const schemas: Record<string, Json> = { Error: jsonSchema(errorResponseSchema, 'output') };
  const add = (name: string, schema: z.ZodType, io: 'input' | 'output') => {
    const json = jsonSchema(schema, io);
    const base = io === 'input' && name.endsWith('Response') ? `${name}Input` : name;
    let key = base;
    for (let n = 2; schemas[key] && !isDeepStrictEqual(schemas[key], json); n++) key = `${base}${n}`;
    schemas[key] = json;
    return { $ref: `#/components/schemas/${key}` };
  };
  const named = (preferred: string | undefined, schema: z.ZodType, fallback: string) => pascal(preferred ?? contractName(schema) ?? fallback);
  return { schemas, add, named };
}

/** Path parameters with the declared schema where the route has one, else as strings (with Hono's pattern). */
function pathParameters(params: { name: string; pattern?: string }[], declared: z.ZodType | undefined): Json[] {
  const properties = declared ? ((jsonSchema(declared, 'input') as ObjectSchema).properties ?? {}) : {};
  return params.map((p) => ({
    name: p.name,
    in: 'path',
    required: true,
    schema: p.pattern ? { type: 'string', pattern: p.pattern } : (properties[p.name] ?? { type: 'string' }),
  }));
}

function queryParameters(query: z.ZodType | undefined): Json[] {
  if (!query) return [];
  const schema = jsonSchema(query, 'input') as ObjectSchema;
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
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
export function openApiDocument(app: RoutedApp): Json {
  const declared = declarations(app);
  const components = componentRegistry();
  const paths: Record<string, Record<string, Json>> = {};
  const operationIds = new Set<string>();
  for (const endpoint of endpoints(app as Hono)) {
    if (endpoint.method === 'ALL') continue;
    const spec: Partial<RouteSpec> = declared.get(`${endpoint.method} ${endpoint.path}`) ?? {};
    const { path, params } = openApiPath(endpoint.path);
    const method = endpoint.method.toLowerCase();
    const parameters = [...pathParameters(params, spec.params), ...queryParameters(spec.query)];
    const { body, response, names } = spec;
    const policy = endpoint.policy;
    let operationId = `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`;
    while (operationIds.has(operationId)) operationId += '_';
    operationIds.add(operationId);
    const bodySchema = body && components.add(components.named(names?.body, body, `${operationId}Body`), body, 'input');
    const responseSchema = response && { schema: components.add(components.named(names?.response, response, `${operationId}Response`), response, 'output') };
    (paths[path] ??= {})[method] = {
      operationId,
      summary: spec.summary ?? `${endpoint.method} ${endpoint.path}`,
      tags: [tagOf(endpoint.path)],
      ...(parameters.length ? { parameters } : {}),
      ...(bodySchema ? { requestBody: { required: true, content: { [spec.bodyType ?? 'application/json']: { schema: bodySchema } } } } : {}),
      responses: {
        [String(spec.status ?? 200)]: {
          description: 'success',
          ...(response || spec.responseTypes
            ? { content: Object.fromEntries((spec.responseTypes ?? ['application/json']).map((type) => [type, responseSchema ?? {}])) }
            : {}),
        },
        '4XX': {
          description: 'client error (the field at fault is named)',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
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
      description:
        'HTTP API of Pingan Grid: the JSON API under /api, OGC API – Features under /ogc and Open311 GeoReport v2 under /open311/v2. Every error has one shape: {"error": {"code", "message", "field"?}} (Open311 routes answer in the GeoReport error format).',
    },
    paths,
    components: {
      schemas: components.schemas,
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
