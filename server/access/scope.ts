import type { Principal } from './policy.ts';
import { ApiError } from '../middleware/errors.ts';

/** Area levels by code length (National Bureau of Statistics layout; grids add 2 digits). */
export const levelByLength = { 6: 'district', 9: 'street', 12: 'community', 14: 'grid' } as const;
export type AreaLevel = (typeof levelByLength)[keyof typeof levelByLength];

/**
 * The level of an area code, or undefined when the code has no known length/format.
 *
 * @example
 * areaLevel('210102') // 'district'
 */
export function areaLevel(code: string): AreaLevel | undefined {
  if (!/^[0-9]+$/.test(code)) return undefined;
  return levelByLength[code.length as keyof typeof levelByLength];
}

/**
 * Whether an area code (of any level) lies inside the principal's area. Codes are hierarchical (a
 * parent code is a prefix of its children), so this is a prefix test. Admin, planner and public have
 * no area limit (planner and public are kept from personal data by the route policy instead); a
 * commander with scope null sees the city; a grid worker without a scope sees nothing.
 * For lists, filter in SQL with `scopeCondition` (db/queries/scope.ts) instead.
 *
 * @example
 * inScope({ role: 'commander', scopeCode: '210102' }, '21010200100101') // true
 */
export function inScope(principal: Principal, code: string | null | undefined): boolean {
  switch (principal.role) {
    case 'admin':
    case 'planner':
    case 'public':
      return true;
    case 'commander':
      if (principal.scopeCode === null) return true;
      return typeof code === 'string' && code.startsWith(principal.scopeCode);
    case 'grid_worker':
      return !!principal.scopeCode && typeof code === 'string' && code.startsWith(principal.scopeCode);
  }
}

/**
 * Throws the same 404 a missing record gets when `code` is outside the principal's area, so the
 * existence of out-of-scope records does not leak.
 *
 * @example
 * const area = await findArea(db, code);
 * assertInScope(c.get('principal'), area?.code, `area ${code}`);
 */
export function assertInScope(principal: Principal, code: string | null | undefined, what: string): void {
  if (!code || !inScope(principal, code)) throw notFound(what);
}

/** The one not-found error for both "missing" and "out of scope". */
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
