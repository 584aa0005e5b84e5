import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A fresh random secret (256 bits, base64url) with an optional prefix that makes leaked tokens greppable.
 *
 * @example
 * randomToken('pgt_') // 'pgt_Qm9y…' (47 chars)
 */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * SHA-256 hex of a secret. Session cookies and API tokens are 256-bit random values, so a fast hash is
 * enough (no dictionary to attack); the database only ever stores this hash.
 *
 * @example
 * sha256Hex('abc') // 'ba7816bf…'
 */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Compares two secrets in constant time (for values of equal length).
 *
 * @example
 * sameSecret(sent, session.csrfToken)
 */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Prefix of API tokens: `Authorization: Bearer pgt_…`. */
export const apiTokenPrefix = 'pgt_';
