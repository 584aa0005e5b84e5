import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../middleware/errors.ts';

export const roles = ['admin', 'commander', 'grid_worker', 'planner', 'public'] as const;
export type Role = (typeof roles)[number];

/** Who is calling. `scopeCode` null means the whole city; otherwise an area code (6/9/12/14 digits). */
export interface Principal {
  role: Role;
  userId?: number;
  username?: string;
  /** area the principal may see; for a grid worker, their community */
  scopeCode: string | null;
  /** grid workers: their own worker code (their grids are those with this worker_code) */
  workerCode?: string;
}

export const publicPrincipal: Principal = { role: 'public', scopeCode: null };

/**
 * An access policy, declared on every route. `scoped` routes filter their rows by the caller's area in
 * SQL (and answer 404 outside it); `personal` routes return personal fields, always through
 * `maskPersonal` (masked for staff, null for planner and public), and every call by a staff role is
 * written to the audit log as `read_personal` (by the audit middleware, which reads this policy).
 */
export interface AccessPolicy {
  roles: readonly Role[];
  scoped?: boolean;
  personal?: boolean;
}

export const ACCESS_POLICY = Symbol.for('pingan.accessPolicy');

/**
 * Declares who may call a route; the matrix test finds routes without it and fails. Put it FIRST in
 * the route's own handler list (not in a `.use`), so the policy is visible in `app.routes`.
 *
 * @example
 * app.get('/incidents', access({ roles: ['admin', 'commander', 'grid_worker'], scoped: true, personal: true }), handler)
 */
export function access(policy: AccessPolicy): MiddlewareHandler<AppEnv> {
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const principal = c.get('principal') ?? publicPrincipal;
    c.set('accessPolicy', policy);
    if (!policy.roles.includes(principal.role)) {
      if (principal.role === 'public') throw new ApiError(401, 'unauthenticated', 'login required');
      throw new ApiError(403, 'forbidden', `role ${principal.role} may not use this route`);
    }
    await next();
  };
  return Object.assign(middleware, { [ACCESS_POLICY]: policy });
}

/** The policy attached to a handler by `access`, if any. */
export const policyOf = (handler: unknown): AccessPolicy | undefined =>
  (handler as { [ACCESS_POLICY]?: AccessPolicy } | null)?.[ACCESS_POLICY];

export const everyone = roles;
export const signedIn = ['admin', 'commander', 'grid_worker', 'planner'] as const satisfies readonly Role[];
/** Roles that may see (masked) personal data within their area. */
export const staff = ['admin', 'commander', 'grid_worker'] as const satisfies readonly Role[];
export const adminOnly = ['admin'] as const satisfies readonly Role[];
