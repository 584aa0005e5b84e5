import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { addKind, changeKind, listKinds, removeKind } from './site-kinds.handlers.ts';
import { createSiteKindRoute, deleteSiteKindRoute, listSiteKindsRoute, updateSiteKindRoute } from './site-kinds.routes.ts';

/**
 * `/api/site-kinds` (the registry, public) and `/api/admin/site-kinds(/:code)` (admins add, change
 * and retire kinds; no delete: sites reference their kind).
 *
 * @example
 * api.route('/', siteKindRoutes(deps));
 */
export function siteKindRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, listSiteKindsRoute, listKinds(deps));
  mount(app, createSiteKindRoute, addKind(deps));
  mount(app, updateSiteKindRoute, changeKind(deps));
  mount(app, deleteSiteKindRoute, removeKind(deps));
  return app;
}
