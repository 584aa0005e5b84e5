import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { showAboutData } from './about.handlers.ts';
import { aboutDataRoute } from './about.routes.ts';

/**
 * `/api/about/data`: what the data is and where it comes from, for the about page (`web/about/`).
 *
 * @example
 * api.route('/', aboutRoutes(deps));
 */
export function aboutRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, aboutDataRoute, showAboutData(deps));
  return app;
}
