import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { loginRoute, logoutRoute, meRoute } from './auth.routes.ts';
import { login, logout, showMe } from './auth.handlers.ts';

/**
 * `/api/auth/login`, `/api/auth/logout`, `/api/auth/me`: cookie sessions for the web app (API tokens
 * are created by an admin, see `admin/`).
 *
 * @example
 * api.route('/', authRoutes(deps));
 */
export function authRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, loginRoute, login(deps));
  mount(app, logoutRoute, logout(deps));
  mount(app, meRoute, showMe(deps));
  return app;
}
