import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { access, adminOnly } from '../access/policy.ts';
import { readJson } from '../access/body.ts';
import { hashPassword } from '../access/passwords.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../access/tokens.ts';
import { ApiError } from '../middleware/errors.ts';
import { createTokenRequestSchema, createUserRequestSchema, updateUserRequestSchema } from '../contracts/auth.ts';
import { createUser, findUser, listUsers, updateUser, type UserRow } from '../../db/queries/auth.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../db/queries/auth-tokens.ts';
import { areaExists, workerCommunity } from '../../db/queries/scope.ts';
import type { Db } from '../../db/client.ts';

const idParam = (value: string) => {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new ApiError(400, 'invalid_id', 'id must be a positive integer', 'id');
  return id;
};

const userJson = (user: UserRow) => ({ ...user, createdAt: user.createdAt.toISOString() });

/** Checks that a new account's scope and worker code name real areas/workers (400 naming the field). */
async function checkReferences(db: Db, scopeCode: string | null | undefined, workerCode: string | null | undefined) {
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
}

/** Account and API-token administration (admin only): `/api/admin/users`, `/api/admin/tokens`. */
export const adminRoutes = ({ database }: AppDeps) => {
  const db = database.db;
  const policy = access({ roles: adminOnly });
  return new Hono<AppEnv>()
    .get('/admin/users', policy, async (c) => c.json({ items: (await listUsers(db)).map(userJson) }))
    .post('/admin/users', policy, async (c) => {
      const body = await readJson(c, createUserRequestSchema);
      await checkReferences(db, body.scopeCode, body.workerCode);
      const user = await createUser(db, {
        username: body.username,
        displayName: body.displayName ?? body.username,
        passwordHash: await hashPassword(body.password),
        role: body.role,
        scopeCode: body.scopeCode ?? null,
        workerCode: body.workerCode ?? null,
      });
      if (!user) throw new ApiError(409, 'username_taken', `username ${body.username} is taken`, 'username');
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
