import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { auditTrail } from './audit.ts';
import { principal } from './principal.ts';
import { csrf } from './csrf.ts';

/**
 * Path prefixes whose requests get a principal (and CSRF check and write audit). Every endpoint with
 * an access policy must live under one of them (the matrix test checks); a route elsewhere would see
 * every caller as public. Static web assets stay outside, so they never hit the database.
 */
export const guardedPaths = ['/api/*', '/tiles/*', '/ogc/*', '/open311/*', '/style.json', '/basemap.pmtiles'] as const;

/**
 * The middleware chain of a guarded path, in order: audit (outermost, so refused writes are recorded
 * too), principal, CSRF.
 *
 * @example
 * for (const path of guardedPaths) app.use(path, ...guard(deps));
 */
export function guard(deps: AppDeps): MiddlewareHandler<AppEnv>[] {
  return [auditTrail(deps), principal(deps), csrf()];
}
