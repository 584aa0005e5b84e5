import { hash, verify } from '@node-rs/argon2';

// OWASP-recommended argon2id parameters (19 MiB, 2 passes, 1 lane): ~50 ms per hash on a 2-core box.
const options = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum, not importable under isolatedModules) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Passwords shorter than this are refused at account creation. */
export const minPasswordLength = 10;

/**
 * Hashes a password with argon2id; the PHC string carries salt and parameters.
 *
 * @example
 * const passwordHash = await hashPassword('correct horse battery'); // '$argon2id$v=19$m=19456,t=2,p=1$…'
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verified against when the username does not exist, so a miss costs as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash (or against a dummy hash when there is no account, to keep
 * the timing of "no such user" and "wrong password" alike).
 *
 * @example
 * if (!(await verifyPassword(user?.passwordHash, password))) throw new ApiError(401, …);
 */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword('no such account, constant time');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never logs anyone in
  }
}
