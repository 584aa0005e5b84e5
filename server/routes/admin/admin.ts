import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { adminOnly } from '../../../core/access/roles.ts';
import { readJson } from '../../access/body.ts';
import { hashPassword } from '../../access/passwords.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../../access/tokens.ts';
import { ApiError } from '../../middleware/errors.ts';
import { createTokenRequestSchema, createUserRequestSchema, updateUserRequestSchema } from '../../../core/contracts/auth.ts';
import { findUser, listUsers, updateUser, type UserRow } from '../../../db/queries/auth.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../../db/queries/auth-tokens.ts';
import { createAccount } from '../../access/accounts.ts';

const idParam = (value: string) => {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'invalid_id', 'id must be a positive integer', 'id');
  return id;
};

const userJson = (user: UserRow) => ({ ...user, createdAt: user.createdAt.toISOString() });

/** Account and API-token administration (admin only): `/api/admin/users`, `/api/admin/tokens`. */
export const adminRoutes = ({ database }: AppDeps) => {
  const db = database.db;
  const policy = access({ roles: adminOnly });
  return new Hono<AppEnv>()
    .get('/admin/users', policy, async (c) => c.json({ items: (await listUsers(db)).map(userJson) }))
    .post('/admin/users', policy, async (c) => {
      const user = await createAccount(db, await readJson(c, createUserRequestSchema));
      return c.json(userJson(user), 201);
    })
    .patch('/admin/users/:id', policy, async (c) => {
      const id = idParam(c.req.param('id'));
      const { password, ...patch } = await readJson(c, updateUserRequestSchema);
      const user = await updateUser(db, id, { ...patch, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
      if (!user) throw new ApiError(404, 'not_found', `user ${id} not found`);
      return c.json(userJson(user));
    })
    .get('/admin/tokens', policy, async (c) => c.json({ items: await listApiTokens(db) }))
    .post('/admin/tokens', policy, async (c) => {
      const body = await readJson(c, createTokenRequestSchema);
      const user = await findUser(db, { username: body.username });
      if (!user) throw new ApiError(400, 'unknown_user', `no user ${body.username}`, 'username');
      const token = randomToken(apiTokenPrefix);
      const id = await createApiToken(db, { userId: user.id, name: body.name, tokenHash: sha256Hex(token) });
      return c.json({ id, name: body.name, username: user.username, token }, 201);
    })
    .delete('/admin/tokens/:id', policy, async (c) => {
      const id = idParam(c.req.param('id'));
      if (!(await revokeApiToken(db, id))) throw new ApiError(404, 'not_found', `no live token ${id}`);
      return c.body(null, 204);
    });
};
