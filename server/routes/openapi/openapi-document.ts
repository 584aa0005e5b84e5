import type { z } from 'zod';
import type { Hono } from 'hono';
import { endpoints, type Endpoint } from '../../access/routes.ts';
import { specOf, type RouteSpec } from '../declare.ts';
import { responses } from './openapi-responses.ts';
import { componentRegistry, jsonSchema, type Json, type OpenApiVersion } from './openapi-schemas.ts';

type ObjectSchema = { properties?: Record<string, Json>; required?: string[] };

/** What the document needs of an app: its registered routes. */
export type RoutedApp = Pick<Hono, 'routes'>;

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

/** Path parameters with the declared schema where the route has one, else as strings (with Hono's pattern). */
function pathParameters(params: { name: string; pattern?: string }[], declared: z.ZodType | undefined, version: OpenApiVersion): Json[] {
  const properties = declared ? ((jsonSchema(declared, 'input', version) as ObjectSchema).properties ?? {}) : {};
  return params.map((p) => ({
    name: p.name,
    in: 'path',
    required: true,
    schema: p.pattern ? { type: 'string', pattern: p.pattern } : (properties[p.name] ?? { type: 'string' }),
  }));
}

function queryParameters(query: z.ZodType | undefined, version: OpenApiVersion): Json[] {
  if (!query) return [];
  const schema = jsonSchema(query, 'input', version) as ObjectSchema;
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** How a document is rendered: its OpenAPI version and the server URL clients reach it at. */
export interface DocumentOptions {
  version?: OpenApiVersion;
  /** the origin of the `servers` entry, e.g. `https://grid.example.gov.cn` (PUBLIC_URL or the request's) */
  server?: string;
}

const description =
  'HTTP API of Pingan Grid: the JSON API under /api, OGC API – Features under /ogc and Open311 GeoReport v2 under /open311/v2. Every error has one shape: {"error": {"code", "message", "field"?}}; Open311 routes answer errors in the GeoReport format ([{"code", "description"}] or <errors>).';

/**
 * The OpenAPI document of an app (3.1 by default, or the same rendered as 3.0): every endpoint
 * `app.routes` holds (so none can be missing), its access policy (roles, scope, personal data) as
 * security + `x-access`, the request/response schemas of its declaration (`declareRoute`), converted
 * with zod's `z.toJSONSchema`, and every answer it can give (`openapi-responses.ts`).
 *
 * @example
 * const doc = openApiDocument(createApp(deps), { server: 'http://localhost:8080' });
 * doc.paths['/api/incidents'].post.responses['201'] // the CreateIncident answer
 */
export function openApiDocument(app: RoutedApp, options: DocumentOptions = {}): Json {
  const version = options.version ?? '3.1';
  const declared = declarations(app);
  const components = componentRegistry(version);
  const paths: Record<string, Record<string, Json>> = {};
  const operationIds = new Set<string>();
  for (const endpoint of endpoints(app as Hono)) {
    if (endpoint.method === 'ALL') continue;
    const spec: Partial<RouteSpec> = declared.get(`${endpoint.method} ${endpoint.path}`) ?? {};
    const { path, params } = openApiPath(endpoint.path);
    const method = endpoint.method.toLowerCase();
    const parameters = [...pathParameters(params, spec.params, version), ...queryParameters(spec.query, version)];
    const { body, response, names } = spec;
    const policy = endpoint.policy;
    let operationId = `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ? c.toUpperCase() : ''))}`;
    while (operationIds.has(operationId)) operationId += '_';
    operationIds.add(operationId);
    const bodySchema = body && components.add(components.named(names?.body, body, `${operationId}Body`), body, 'input');
    const responseSchema = response && components.add(components.named(names?.response, response, `${operationId}Response`), response, 'output');
    (paths[path] ??= {})[method] = {
      operationId,
      summary: spec.summary ?? `${endpoint.method} ${endpoint.path}`,
      tags: [tagOf(endpoint.path)],
      ...(parameters.length ? { parameters } : {}),
      ...(bodySchema ? { requestBody: { required: true, content: { [spec.bodyType ?? 'application/json']: { schema: bodySchema } } } } : {}),
      responses: responses(spec, method, params.length > 0, policy, responseSchema, (schema) =>
        components.add(components.named(undefined, schema, `${operationId}Other`), schema, 'output'),
      ),
      security: security(policy, spec),
      ...(policy ? { 'x-access': { roles: policy.roles, scoped: policy.scoped ?? false, personal: policy.personal ?? false } } : {}),
    };
  }
  const tags = [...new Set(Object.values(paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags as string[])))].sort();
  return {
    openapi: version === '3.0' ? '3.0.3' : '3.1.0',
    info: {
      title: '平安网格 Pingan Grid API',
      version: '0.1.0',
      description,
      license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
      contact: { name: 'Pingan Grid maintainers' },
    },
    servers: [{ url: options.server ?? 'http://localhost:8080', description: 'this server' }],
    tags: tags.map((name) => ({ name, description: `${name} routes` })),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (pgt_…) created by an admin' },
        session: { type: 'apiKey', in: 'cookie', name: 'pingan_session', description: 'browser session; unsafe methods also need X-CSRF-Token' },
        apiKey: {
          type: 'apiKey',
          in: 'query',
          name: 'api_key',
          description: 'the API token as the api_key query parameter (or form field), on routes that say so',
        },
      },
    },
  };
}

/** Who may call: anyone (`{}`) on public routes, else a bearer token or a session, or `api_key` where the route accepts it. */
function security(policy: Endpoint['policy'], spec: Partial<RouteSpec>): Json[] {
  const signed = [{ bearer: [] }, { session: [] }, ...(spec.apiKey ? [{ apiKey: [] }] : [])];
  if (!policy) return signed;
  return policy.roles.includes('public') ? [{}, ...signed] : signed;
}
