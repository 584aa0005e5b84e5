import type { Db } from '../../db/client.ts';
import { createUser, type UserRow } from '../../db/queries/auth.ts';
import { areaExists, workerCommunity } from '../../db/queries/scope.ts';
import type { CreateUserRequest } from '../../core/contracts/auth.ts';
import { ApiError } from '../middleware/errors.ts';
import { hashPassword } from './passwords.ts';

/**
 * Creates an account after checking that its scope names a real area and its worker code a real grid
 * worker of that community (400 naming the field), and that the username is free (409). Shared by
 * `POST /api/admin/users` and `npm run admin -- create-user`.
 *
 * @example
 * const user = await createAccount(db, createUserRequestSchema.parse(body));
 */
export async function createAccount(db: Db, request: CreateUserRequest, options: { demo?: boolean } = {}): Promise<UserRow> {
  const { scopeCode, workerCode } = request;
  if (scopeCode && !(await areaExists(db, scopeCode))) {
    throw new ApiError(400, 'unknown_area', `no area with code ${scopeCode}`, 'scopeCode');
  }
  if (workerCode) {
    const community = await workerCommunity(db, workerCode);
    if (community === undefined) throw new ApiError(400, 'unknown_worker', `no grid worker ${workerCode}`, 'workerCode');
    if (community !== scopeCode) {
      throw new ApiError(400, 'worker_scope_mismatch', `grid worker ${workerCode} belongs to community ${community}`, 'scopeCode');
    }
  }
  const user = await createUser(db, {
    username: request.username,
    displayName: request.displayName ?? request.username,
    passwordHash: await hashPassword(request.password),
    role: request.role,
    scopeCode: scopeCode ?? null,
    workerCode: workerCode ?? null,
    demo: options.demo ?? false,
  });
  if (!user) throw new ApiError(409, 'username_taken', `username ${request.username} is taken`, 'username');
  return user;
}
