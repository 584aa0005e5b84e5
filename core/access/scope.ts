import type { Principal } from './roles.ts';

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
