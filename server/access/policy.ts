import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { ApiError } from '../middleware/errors.ts';
import { publicPrincipal, type AccessPolicy } from '../../core/access/roles.ts';

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
export const policyOf = (handler: unknown): AccessPolicy | undefined => (handler as { [ACCESS_POLICY]?: AccessPolicy } | null)?.[ACCESS_POLICY];
