import { createHash } from 'node:crypto';
import type { Principal } from '../../core/access/roles.ts';
import { ApiError } from '../middleware/errors.ts';

/**
 * Idempotency keys of report requests (`Idempotency-Key` header or the body's `idempotencyKey`).
 * A key is the caller's own: it is unique per account (`idempotency_owner`), so another user
 * sending the same key gets a case of their own and never sees the first caller's. The hash of the
 * request body is stored with it, so the same key with a different body is a 409
 * `idempotency_conflict` rather than a silent replay of the first case.
 */

/** Key length the API accepts (a UUID is 36). */
const keyLength = { min: 8, max: 200 } as const;

/**
 * The key as sent (header wins over body), checked: 8–200 printable characters, else 400 naming `field`.
 *
 * @example
 * const key = idempotencyKeyOf(c.req.header('idempotency-key'), body.idempotencyKey, 'idempotencyKey');
 */
export function idempotencyKeyOf(header: string | undefined, bodyKey: string | undefined | null, field: string): string | null {
  const key = header ?? bodyKey ?? null;
  if (key === null) return null;
  // eslint-disable-next-line no-control-regex -- a key with control characters is refused, not stored
  if (key.length < keyLength.min || key.length > keyLength.max || /[\u0000-\u001f\u007f]/.test(key)) {
    throw new ApiError(400, 'invalid_request', `${field}: the idempotency key must be ${keyLength.min}–${keyLength.max} printable characters`, field);
  }
  return key;
}

/**
 * Whose key it is (`idempotency_owner`): the calling account, so API tokens and sessions of one account
 * share their keys (an offline phone's retry through either is still a retry) and nobody else does.
 *
 * @example
 * idempotencyOwner({ role: 'grid_worker', userId: 42, … }) // 'u42'
 */
export const idempotencyOwner = (principal: Principal): string => (principal.userId ? `u${principal.userId}` : principal.role);

/** JSON with object keys sorted, so the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 of a request body in canonical form, without the idempotency key itself.
 *
 * @example
 * requestHash({ category: 'theft', location: { lon: 123.4, lat: 41.8 }, idempotencyKey: 'k-12345678' }) // '5d0c…'
 */
export function requestHash(body: Record<string, unknown>): string {
  return createHash('sha256')
    .update(canonical({ ...body, idempotencyKey: undefined }))
    .digest('hex');
}

/**
 * The error for a key reused with another body.
 *
 * @example
 * if (!result.sameRequest) throw idempotencyConflict('idempotencyKey');
 */
export const idempotencyConflict = (field: string) =>
  new ApiError(409, 'idempotency_conflict', `${field}: this key was already used for a different request; use a new key for a new report`, field);
