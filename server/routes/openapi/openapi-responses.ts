import type { z } from 'zod';
import type { AccessPolicy } from '../../../core/access/roles.ts';
import type { RouteSpec } from '../declare.ts';
import { isJsonType, nonJsonSchema, type Json } from './openapi-schemas.ts';

/** What each error status means, as the document says it. */
const errorMeaning: Record<number, string> = {
  400: 'invalid request: the parameter or field at fault is named',
  401: 'not signed in, or an unknown or revoked token, or an expired session',
  403: 'the caller may not do this (role, area, or a signed-in write without its CSRF token)',
  404: 'no such resource, or not in the caller’s area',
  409: 'conflicts with the current state (the message says which)',
  413: 'the request body is too large',
  415: 'unsupported media type',
  422: 'well-formed but cannot be processed',
  429: 'too many requests; try again later',
  500: 'internal error',
  503: 'temporarily unavailable (the database or the audit log); try again',
};

const unsafe = (method: string) => !['get', 'head', 'options'].includes(method);

/**
 * The error statuses a route can answer: what every route of its kind can (400 from the control
 * character check on any query, 401 from a bad token on any guarded path, 500), what its declaration
 * implies, and what it declares in `errors`.
 *
 * @example
 * errorStatuses({ method: 'get', path: '/x/:id', access: { roles: ['admin'] } }, true) // [400, 401, 403, 404, 500]
 */
export function errorStatuses(spec: Partial<RouteSpec>, method: string, hasPathParams: boolean, policy: AccessPolicy | undefined): number[] {
  const statuses = new Set([400, 401, 500, ...(spec.errors ?? [])]);
  if (!policy?.roles.includes('public') || unsafe(method)) statuses.add(403);
  if (hasPathParams) statuses.add(404);
  if (unsafe(method)) statuses.add(413);
  // reading personal data is audited first; when the audit log cannot be written the data is withheld
  if (policy?.personal) statuses.add(503);
  return [...statuses].sort((a, b) => a - b);
}

function errorContent(spec: Partial<RouteSpec>): Json {
  if (spec.errorFormat !== 'open311') return { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
  return Object.fromEntries(
    (spec.responseTypes ?? ['application/json']).map((type) => [
      type,
      { schema: isJsonType(type) ? { $ref: '#/components/schemas/Open311Errors' } : nonJsonSchema(type) },
    ]),
  );
}

/** The success body per media type: the declared schema for JSON types, text or bytes otherwise. */
function successContent(spec: Partial<RouteSpec>, schema: Json | undefined): Json {
  const types = spec.responseTypes ?? ['application/json'];
  return Object.fromEntries(types.map((type) => [type, isJsonType(type) ? (schema ? { schema } : {}) : { schema: nonJsonSchema(type) }]));
}

/**
 * Every answer of an operation: its success status with the body per media type (none for 204/304),
 * the other non-error answers it declares (`also`), and its error statuses with the error body (the
 * JSON error shape, or GeoReport's error list on Open311 routes).
 *
 * @example
 * responses(incidentDetailRoute, 'get', true, incidentDetailRoute.access, { $ref: '#/components/schemas/IncidentDetail' }, add)
 */
export function responses(
  spec: Partial<RouteSpec>,
  method: string,
  hasPathParams: boolean,
  policy: AccessPolicy | undefined,
  schema: Json | undefined,
  component: (schema: z.ZodType) => Json,
): Json {
  const status = spec.status ?? 200;
  const answers: Record<string, Json> = {};
  const bodyless = (code: number) => code === 204 || code === 304;
  answers[String(status)] = { description: 'success', ...(bodyless(status) ? {} : { content: successContent(spec, schema) }) };
  for (const [code, value] of Object.entries(spec.also ?? {})) {
    const { description, body } = typeof value === 'string' ? { description: value, body: undefined } : value;
    const content = body === true ? successContent(spec, schema) : body ? { 'application/json': { schema: component(body) } } : undefined;
    answers[code] = { description, ...(content && !bodyless(Number(code)) ? { content } : {}) };
  }
  for (const code of errorStatuses(spec, method, hasPathParams, policy)) {
    answers[String(code)] = { description: errorMeaning[code] ?? 'error', content: errorContent(spec) };
  }
  return answers;
}
