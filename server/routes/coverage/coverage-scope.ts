import type { Principal } from '../../../core/access/roles.ts';
import { notFound } from '../../access/scope.ts';
import type { Queryable } from '../../../db/queries/coverage.ts';
import { checkArea } from './coverage-data.ts';

/**
 * The area a planning request covers, as a code prefix ('' = city): the requested area inside the
 * caller's own (commanders and grid workers are limited to their scope; a request for an area that
 * contains their scope narrows to the scope; an area outside it is a 404, as if it did not exist).
 * Planning figures are aggregates, so planners and admins see the whole city.
 *
 * @example
 * planningPrefix({ role: 'commander', scopeCode: '210103' }, undefined)  // → '210103'
 */
export function planningPrefix(principal: Principal, requested: string | undefined): string {
  const limited = principal.role === 'commander' || principal.role === 'grid_worker';
  const own = limited ? (principal.scopeCode ?? '') : '';
  if (principal.role === 'grid_worker' && !principal.scopeCode) throw notFound(`area ${requested ?? ''}`);
  if (!requested) return own;
  if (requested.startsWith(own)) return requested;
  if (own.startsWith(requested)) return own;
  throw notFound(`area ${requested}`);
}

/**
 * The caller's planning prefix for a requested area ({@link planningPrefix}), then 404 naming `area` if
 * that area does not exist.
 *
 * @example
 * const prefix = await checkedPlanningPrefix(pool, callerOf(c), query.area);
 */
export async function checkedPlanningPrefix(db: Queryable, principal: Principal, requested: string | undefined): Promise<string> {
  const prefix = planningPrefix(principal, requested);
  await checkArea(db, prefix || undefined);
  return prefix;
}
