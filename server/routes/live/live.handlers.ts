import { streamSSE } from 'hono/streaming';
import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { LiveHub } from '../../../db/live/hub.ts';
import { workerGridCodes } from '../../../db/queries/live-scope.ts';
import type { RouteHandler } from '../declare.ts';
import type { liveRoute } from './live.routes.ts';
import { pumpLiveEvents, visibleTo } from './live-events.ts';

/**
 * Opens the event stream of the caller's area. Each event's `id:` is its live_events id, so a reconnect
 * with Last-Event-ID resumes exactly after it, from the table, on any server process.
 */
export const streamLiveEvents =
  (deps: AppDeps, hub: LiveHub): RouteHandler<typeof liveRoute> =>
  async (c, { query }) => {
    const principal = callerOf(c);
    const resume = c.req.header('last-event-id') ?? query.lastEventId;
    if (resume !== undefined && !/^\d{1,15}$/.test(resume)) {
      throw new ApiError(400, 'invalid_request', 'Last-Event-ID must be an event id', 'lastEventId');
    }
    const db = deps.database.db;
    const workerGrids = principal.role === 'grid_worker' && principal.workerCode ? await workerGridCodes(db, principal.workerCode) : new Set<string>();
    const visible = visibleTo(principal, workerGrids, query.area);
    // Proxies such as nginx would otherwise hold events back in their buffer.
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, (stream) => pumpLiveEvents(stream, { db, hub, principal, visible, resume, backlog: query.backlog, area: query.area }));
  };
