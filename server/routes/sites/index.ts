import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { showPlace, showSiteCard, showSiteContact } from './sites.handlers.ts';
import { placeRoute, siteCardRoute, siteContactRoute } from './sites.routes.ts';

/**
 * `/api/sites/:code` (the map's site card), `/api/sites/:code/contact` (its contact person, masked,
 * staff in scope) and `/api/places/:code` (a gazetteer place's geometry, to highlight a search hit).
 *
 * @example
 * api.route('/', siteRoutes(deps));
 */
export function siteRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, siteCardRoute, showSiteCard(deps));
  mount(app, siteContactRoute, showSiteContact(deps));
  mount(app, placeRoute, showPlace(deps));
  return app;
}
