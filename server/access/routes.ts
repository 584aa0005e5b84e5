import type { Hono } from 'hono';
import { policyOf } from './policy.ts';
import { type AccessPolicy } from '../../core/access/roles.ts';

/** One registered endpoint (method + path) and the access policy declared on it, if any. */
export interface Endpoint {
  method: string;
  path: string;
  policy?: AccessPolicy;
}

// `app.use(path, mw)` registers method ALL: on a wildcard path, or on the exact path of an endpoint
// (e.g. the guard on '/style.json'). Either way it is middleware, not an endpoint of its own.
const isMiddleware = (endpoint: Endpoint, all: Map<string, Endpoint>) =>
  endpoint.method === 'ALL' &&
  !endpoint.policy &&
  (endpoint.path.endsWith('*') || [...all.values()].some((e) => e.method !== 'ALL' && e.path === endpoint.path));

/**
 * Every endpoint of an app with its declared policy, from `app.routes` (each handler of a route is a
 * separate entry there; an endpoint is covered when any of its own handlers carries `access(...)`).
 *
 * @example
 * const missing = endpoints(createApp(deps)).filter((e) => !e.policy); // must be empty
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function endpoints(app: Hono<any, any, any>): Endpoint[] {
  const byKey = new Map<string, Endpoint>();
  for (const route of app.routes) {
    const key = `${route.method} ${route.path}`;
    const endpoint = byKey.get(key) ?? { method: route.method, path: route.path };
    endpoint.policy ??= policyOf(route.handler);
    byKey.set(key, endpoint);
  }
  return [...byKey.values()].filter((endpoint) => !isMiddleware(endpoint, byKey));
}

/**
 * Names the endpoints without an access policy, e.g. `["GET /api/x"]`.
 *
 * @example
 * expect(endpointsWithoutPolicy(app)).toEqual([]);
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function endpointsWithoutPolicy(app: Hono<any, any, any>): string[] {
  return endpoints(app)
    .filter((endpoint) => !endpoint.policy)
    .map((endpoint) => `${endpoint.method} ${endpoint.path}`);
}
