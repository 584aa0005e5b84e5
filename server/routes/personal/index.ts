import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import { revealRoute } from './personal.routes.ts';
import { revealPersonal } from './personal.handlers.ts';

/**
 * `POST /api/personal/reveal {kind, code, reason}`: the one way to see clear personal values. Only
 * admin, commanders and grid workers, only inside their area, every attempt audited.
 *
 * @example
 * api.route('/', personalRoutes(deps));
 */
export function personalRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, revealRoute, revealPersonal(deps));
  return app;
}
