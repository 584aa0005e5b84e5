import type { Context, Hono, Next } from 'hono';
import type { z } from 'zod';
import type { AppEnv } from '../context.ts';
import type { AccessPolicy } from '../../core/access/roles.ts';
import { access } from '../access/policy.ts';
import { readJson } from '../access/body.ts';

/**
 * A route's contract: method, path (as written in its group, before mounting), who may call it, the
 * zod schemas of what it takes and returns, and how the OpenAPI document describes it. The document is
 * generated from these declarations (`openapi/openapi-document.ts`), so what is documented is what is
 * validated: `mount` parses query, path parameters and a JSON body with these very schemas before the
 * handler runs.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  access: AccessPolicy;
  /** query parameters; parsed before the handler (a mismatch is a 400 naming the parameter) */
  query?: z.ZodType;
  /** path parameters; parsed before the handler */
  params?: z.ZodType;
  /** request body; a JSON body is parsed before the handler, other media types by the handler itself */
  body?: z.ZodType;
  /** request body media type, default application/json */
  bodyType?: string;
  /** success status, default 200 */
  status?: number;
  /** success body (its JSON media types; text types are documented as text, others as binary) */
  response?: z.ZodType;
  /** response media types, default application/json */
  responseTypes?: string[];
  /**
   * Answers besides `status` that are not errors (a replayed POST's 200, an empty tile's 204, a
   * range's 206, a 304, an unready health check's 503): what each means, and `body` when it has one
   * (`true`: the success body; a schema: that body).
   */
  also?: Record<number, string | { description: string; body?: true | z.ZodType }>;
  /**
   * Error statuses the route answers beyond those the document derives for every route of its kind
   * (400 and 401 and 500 always; 403 unless open to everyone and safe; 404 with path parameters; 413
   * with a body; 503 on personal data, whose reading is audited): e.g. [409, 422, 429].
   */
  errors?: readonly number[];
  /** also accepts the API token as the `api_key` query parameter (clients that cannot send a header) */
  apiKey?: boolean;
  /** the error body: the one JSON error shape (default), or GeoReport's error list on Open311 routes */
  errorFormat?: 'json' | 'open311';
  /** component names of the body / response schemas in the document (default: derived from the operation) */
  names?: { body?: string; response?: string };
  /**
   * 'handler': the schemas only describe the route and the handler parses them itself, because its
   * checks must run first (a rate limit before the body is read, a guard on an unparsed value).
   */
  parse?: 'handler';
}

type Parsed<S, K extends keyof RouteSpec> = S extends Record<K, infer T extends z.ZodType> ? z.infer<T> : undefined;

/** What `mount` hands a handler besides the context: the parsed query, path parameters and JSON body. */
export interface RouteInput<S extends RouteSpec> {
  query: Parsed<S, 'query'>;
  params: Parsed<S, 'params'>;
  body: S['bodyType'] extends string ? undefined : Parsed<S, 'body'>;
}

/** A named handler of a declared route. */
export type RouteHandler<S extends RouteSpec> = (c: Context<AppEnv>, input: RouteInput<S>) => Response | Promise<Response>;

const ROUTE_SPEC = Symbol.for('pingan.routeSpec');

/**
 * Declares a route (identity at run time; keeps the literal types for the handler's input).
 *
 * @example
 * export const listIncidentsRoute = declareRoute({ method: 'get', path: '/incidents', summary: '…',
 *   access: { roles: staff, scoped: true }, query: listIncidentsQuerySchema, response: incidentListSchema });
 */
export const declareRoute = <const S extends RouteSpec>(spec: S): S => spec;

/**
 * Registers a declared route on a group: its access policy first (so `app.routes` shows it to the access
 * matrix), then the handler with its input parsed by the declared schemas. The declaration travels with
 * the handler, so the OpenAPI document finds it in `app.routes` under the mounted path.
 *
 * @example
 * const app = new Hono<AppEnv>();
 * mount(app, listIncidentsRoute, listIncidents(deps));
 */
export function mount<S extends RouteSpec>(app: Hono<AppEnv>, spec: S, handler: RouteHandler<S>): Hono<AppEnv> {
  const run = async (c: Context<AppEnv>, _next: Next) => {
    const early = spec.parse === 'handler';
    const input = {
      query: spec.query && !early ? spec.query.parse(c.req.query()) : undefined,
      params: spec.params && !early ? spec.params.parse(c.req.param()) : undefined,
      body: spec.body && !early && !spec.bodyType ? await readJson(c, spec.body) : undefined,
    } as RouteInput<S>;
    return handler(c, input);
  };
  app.on(spec.method.toUpperCase(), spec.path, access(spec.access), Object.assign(run, { [ROUTE_SPEC]: spec }));
  return app;
}

/** The declaration a handler of `app.routes` was mounted with, if any. */
export const specOf = (handler: unknown): RouteSpec | undefined => (handler as { [ROUTE_SPEC]?: RouteSpec } | null)?.[ROUTE_SPEC];
