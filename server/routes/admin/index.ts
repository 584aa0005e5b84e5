import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { auditRoute, createTokenRoute, createUserRoute, listTokensRoute, listUsersRoute, revokeTokenRoute, updateUserRoute } from './admin.routes.ts';
import { createToken, createUserAccount, listAccounts, listAuditEntries, listTokens, revokeToken, updateAccount } from './admin.handlers.ts';

/**
 * Account and API-token administration (admin only): `/api/admin/users`, `/api/admin/tokens`.
 *
 * @example
 * api.route('/', adminRoutes(deps));
 */
export function adminRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, listUsersRoute, listAccounts(deps));
  mount(app, createUserRoute, createUserAccount(deps));
  mount(app, updateUserRoute, updateAccount(deps));
  mount(app, listTokensRoute, listTokens(deps));
  mount(app, createTokenRoute, createToken(deps));
  mount(app, revokeTokenRoute, revokeToken(deps));
  return app;
}

/**
 * `GET /api/audit?username=&action=&target=&success=&from=&to=&cursor=&limit=` (admin only), newest
 * first.
 *
 * @example
 * api.route('/', auditRoutes(deps));
 */
export function auditRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, auditRoute, listAuditEntries(deps));
  return app;
}
