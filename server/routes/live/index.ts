import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { LiveHub, type LiveHubOptions } from '../../../db/live/hub.ts';
import { mount } from '../declare.ts';
import { liveRoute } from './live.routes.ts';
import { streamLiveEvents } from './live.handlers.ts';

/**
 * `GET /api/live`: Server-Sent Events `created` / `updated` / `overdue` for incidents in the caller's
 * area (and `?area=`). One hub per app reads the outbox for all of its streams.
 *
 * @example
 * api.route('/', liveRoutes(deps));
 */
export function liveRoutes(deps: AppDeps, options: LiveHubOptions = {}): Hono<AppEnv> {
  const hub = new LiveHub(deps.database, options);
  const app = new Hono<AppEnv>();
  mount(app, liveRoute, streamLiveEvents(deps, hub));
  return app;
}
