import { adminOnly } from '../../../core/access/roles.ts';
import {
  apiTokenListSchema,
  createTokenRequestSchema,
  createUserRequestSchema,
  tokenCreatedSchema,
  updateUserRequestSchema,
  userListSchema,
  userSchema,
} from '../../../core/contracts/auth.ts';
import { auditPageSchema, auditQuerySchema } from '../../../core/contracts/auth-audit.ts';
import { declareRoute } from '../declare.ts';

const admins = { roles: adminOnly } as const;

export const listUsersRoute = declareRoute({
  method: 'get',
  path: '/admin/users',
  summary: 'Every account, by username (never a password hash)',
  access: admins,
  response: userListSchema,
});

export const createUserRoute = declareRoute({
  method: 'post',
  path: '/admin/users',
  summary: 'Create an account; its area scope must fit its role',
  access: admins,
  body: createUserRequestSchema,
  status: 201,
  response: userSchema,
  errors: [409],
});

export const updateUserRoute = declareRoute({
  method: 'patch',
  path: '/admin/users/:id',
  summary: 'Rename, disable or set the password of an account (disabling or a new password ends its sessions)',
  access: admins,
  body: updateUserRequestSchema,
  response: userSchema,
  // A malformed id is answered before the body is read.
  parse: 'handler',
});

export const listTokensRoute = declareRoute({
  method: 'get',
  path: '/admin/tokens',
  summary: 'API tokens with their owners (never the token itself)',
  access: admins,
  response: apiTokenListSchema,
});

export const createTokenRoute = declareRoute({
  method: 'post',
  path: '/admin/tokens',
  summary: 'Create an API token for an account; the clear token is in this answer only',
  access: admins,
  body: createTokenRequestSchema,
  status: 201,
  response: tokenCreatedSchema,
});

export const revokeTokenRoute = declareRoute({
  method: 'delete',
  path: '/admin/tokens/:id',
  summary: 'Revoke a live API token',
  access: admins,
  status: 204,
});

export const auditRoute = declareRoute({
  method: 'get',
  path: '/audit',
  summary: 'The audit log, newest first, filtered by user, action, target, success and time; keyset cursor',
  access: admins,
  query: auditQuerySchema,
  response: auditPageSchema,
});
