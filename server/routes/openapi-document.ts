import { z } from 'zod';
import type { Hono } from 'hono';
import { endpoints, type Endpoint } from '../access/routes.ts';
import { errorResponseSchema } from '../contracts/errors.ts';
import { scanRouteSchemas, type RouteSchemas } from './openapi-scan.ts';

/** Extra description of a route whose schemas the source scan cannot see (e.g. parsed in a helper). */
export interface RouteHint {
  summary?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** request body media type, default application/json */
  bodyType?: string;
  response?: z.ZodType;
  /** response media types, default application/json */
  responseTypes?: string[];
  status?: number;
  /** component names for the body / response schemas (default: from the operation) */
  names?: { body?: string; response?: string };
}

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
 * The OpenAPI 3.1 document of an app: every endpoint `app.routes` holds (so none can be missing), its
 * access policy (roles, scope, personal data) as security + `x-access`, and the request/response
 * schemas found by the source scan or given as hints, converted with zod's `z.toJSONSchema`.
 *
 * @example
 * const doc = await openApiDocument(createApp(deps), {});
 * doc.paths['/api/incidents'].post.requestBody // createIncident schema
 */
export async function openApiDocument(app: Pick<Hono, 'routes'>, hints: Record<string, RouteHint>): Promise<Json> {
  const scanned = await scanRouteSchemas();
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
    const found = scannedFor(scanned, endpoint);
    const hint = hints[`${endpoint.method} ${endpoint.path}`] ?? {};
    const { path, params } = openApiPath(endpoint.path);
    const method = endpoint.method.toLowerCase();
    const parameters: Json[] = params.map((p) => ({
      name: p.name, in: 'path', required: true, schema: { type: 'string', ...(p.pattern ? { pattern: p.pattern } : {}) },
    }));
    const query = hint.query ?? found?.query;
    if (query) {
      const schema = jsonSchema(query, 'input') as { properties?: Record<string, Json>; required?: string[] };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property });
      }
    }
    const body = hint.body ?? found?.body;
    const response = hint.response ?? found?.response;
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
        ? { requestBody: { required: true, content: { [hint.bodyType ?? 'application/json']: { schema: component(pascal(nameOf(hint.body && (hint.names?.body ?? `${operationId}Body`), found?.names.body, 'RequestBody')), body, 'input') } } } }
        : {}),
      responses: {
        [status]: {
          description: 'success',
          ...(response || hint.responseTypes
            ? { content: Object.fromEntries((hint.responseTypes ?? ['application/json']).map((type) => [type, response ? { schema: component(pascal(nameOf(hint.response && (hint.names?.response ?? `${operationId}Response`), found?.names.response, 'Response')), response, 'output') } : {}])) }
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

/** Component name: the hint's, else the contract's export name. */
const nameOf = (hinted: string | undefined, exported: string | undefined, fallback: string): string => hinted ?? exported ?? fallback;

function security(policy: Endpoint['policy']): Json[] {
  const signed = [{ bearer: [] }, { session: [] }];
  if (!policy) return signed;
  return policy.roles.includes('public') ? [{}, ...signed] : signed;
}

/** The scan entry of an endpoint: routes mounted under /api were written without the prefix. */
function scannedFor(scanned: Map<string, RouteSchemas>, endpoint: Endpoint): RouteSchemas | undefined {
  return scanned.get(`${endpoint.method} ${endpoint.path}`) ?? scanned.get(`${endpoint.method} ${endpoint.path.replace(/^\/api(?=\/)/, '')}`);
}
