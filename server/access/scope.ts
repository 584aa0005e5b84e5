import type { Principal } from '../../core/access/roles.ts';
import { inScope } from '../../core/access/scope.ts';
import { ApiError } from '../middleware/errors.ts';

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
