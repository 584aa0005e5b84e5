import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount, type RouteHandler } from '../declare.ts';
import { listNotifications } from '../../../db/queries/notifications.ts';
import { listNotificationsRoute } from './notifications.routes.ts';

/** The notices and their deliveries, newest first. */
const showNotifications =
  (deps: AppDeps): RouteHandler<typeof listNotificationsRoute> =>
  async (c, { query }) =>
    c.json({ items: await listNotifications(deps.database.db, query) });

/**
 * `/api/admin/notifications`: what the outbox sent, per channel.
 *
 * @example
 * api.route('/', notificationRoutes(deps));
 */
export function notificationRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, listNotificationsRoute, showNotifications(deps));
  return app;
}
