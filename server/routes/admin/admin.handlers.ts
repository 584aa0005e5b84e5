import type { AppDeps } from '../../context.ts';
import { readJson } from '../../access/body.ts';
import { createAccount } from '../../access/accounts.ts';
import { hashPassword } from '../../access/passwords.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../../access/tokens.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { AuditPage } from '../../../core/contracts/auth-audit.ts';
import { findUser, listUsers, updateUser, type UserRow } from '../../../db/queries/auth.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../db/queries/auth-tokens.ts';
import { listAudit } from '../../../db/queries/audit.ts';
import type { RouteHandler } from '../declare.ts';
import {
  updateUserRoute,
  type auditRoute,
  type createTokenRoute,
  type createUserRoute,
  type listTokensRoute,
  type listUsersRoute,
  type revokeTokenRoute,
} from './admin.routes.ts';

const idParam = (value: string) => {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'invalid_id', 'id must be a positive integer', 'id');
  return id;
};

const userJson = (user: UserRow) => ({ ...user, createdAt: user.createdAt.toISOString() });

/** Every account. */
export const listAccounts =
  ({ database }: AppDeps): RouteHandler<typeof listUsersRoute> =>
  async (c) =>
    c.json({ items: (await listUsers(database.db)).map(userJson) });

/** Creates an account (password hashed, username unique). */
export const createUserAccount =
  ({ database }: AppDeps): RouteHandler<typeof createUserRoute> =>
  async (c, { body }) =>
    c.json(userJson(await createAccount(database.db, body)), 201);

/** Changes an account; 404 for an unknown id. */
export const updateAccount =
  ({ database }: AppDeps): RouteHandler<typeof updateUserRoute> =>
  async (c) => {
    const id = idParam(c.req.param('id') ?? '');
    const { password, ...patch } = await readJson(c, updateUserRoute.body);
    const user = await updateUser(database.db, id, { ...patch, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
    if (!user) throw new ApiError(404, 'not_found', `user ${id} not found`);
    return c.json(userJson(user));
  };

/** Every API token with its owner. */
export const listTokens =
  ({ database }: AppDeps): RouteHandler<typeof listTokensRoute> =>
  async (c) =>
    c.json({ items: await listApiTokens(database.db) });

/** Creates an API token; only its hash is stored, so the answer is the one chance to copy it. */
export const createToken =
  ({ database }: AppDeps): RouteHandler<typeof createTokenRoute> =>
  async (c, { body }) => {
    const db = database.db;
    const user = await findUser(db, { username: body.username });
    if (!user) throw new ApiError(400, 'unknown_user', `no user ${body.username}`, 'username');
    const token = randomToken(apiTokenPrefix);
    const id = await createApiToken(db, { userId: user.id, name: body.name, tokenHash: sha256Hex(token) });
    return c.json({ id, name: body.name, username: user.username, token }, 201);
  };

/** Revokes a token; 404 when it does not exist or is already revoked. */
export const revokeToken =
  ({ database }: AppDeps): RouteHandler<typeof revokeTokenRoute> =>
  async (c) => {
    const id = idParam(c.req.param('id') ?? '');
    if (!(await revokeApiToken(database.db, id))) throw new ApiError(404, 'not_found', `no live token ${id}`);
    return c.body(null, 204);
  };

/** One page of the audit log; `nextCursor` is the next page's `cursor`. */
export const listAuditEntries =
  ({ database }: AppDeps): RouteHandler<typeof auditRoute> =>
  async (c, { query }) => {
    const page = await listAudit(database.db, query);
    const body: AuditPage = {
      items: page.items.map((row) => ({ ...row, at: row.at.toISOString() })),
      nextCursor: page.nextCursor,
    };
    return c.json(body);
  };
