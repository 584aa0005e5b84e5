import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { signedIn, type Principal } from '../../../core/access/roles.ts';
import { ApiError } from '../../middleware/errors.ts';
import { liveBacklogCondition, liveBacklogStart, liveEventsAfter, type LiveEventRow } from '../../../db/queries/live.ts';
import { workerGridCodes } from '../../../db/queries/live-scope.ts';
import { LiveHub, type LiveHubOptions } from '../../../db/live/hub.ts';
import { callerOf as principalOf } from '../../access/caller.ts';

const liveQuerySchema = z.object({
  /** only events inside this area (any level; 4 digits = city) */
  area: z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{14})$/, 'an area code of 4, 6, 9, 12 or 14 digits').optional(),
  /** resume point for clients that cannot send the Last-Event-ID header */
  lastEventId: z.string().optional(),
  /** without a resume point: start with the newest N visible events (a screen's initial list) */
  backlog: z.coerce.number().int().min(0).max(200).optional(),
});

/** Whether a principal may see an event (same rule as scopeCondition, on the copied area codes). */
function visibleTo(principal: Principal, workerGrids: ReadonlySet<string>, area?: string) {
  const prefix = area && (area.length === 4 || (area.length === 6 && area.endsWith('00'))) ? area.slice(0, 4) : area;
  return (row: LiveEventRow) => {
    const code = row.gridCode ?? row.communityCode ?? row.streetCode ?? row.districtCode ?? '';
    if (prefix && !code.startsWith(prefix)) return false;
    switch (principal.role) {
      case 'admin':
      case 'planner':
        return true;
      case 'commander':
        return principal.scopeCode === null || code.startsWith(principal.scopeCode);
      case 'grid_worker':
        return (!!principal.scopeCode && code.startsWith(principal.scopeCode)) || workerGrids.has(row.gridCode ?? '');
      default:
        return false;
    }
  };
}

const send = (stream: SSEStreamingApi, row: LiveEventRow) =>
  stream.writeSSE({ id: String(row.id), event: row.kind, data: JSON.stringify({ ...row.payload, kind: row.kind, eventId: row.id, at: row.at }) });

/**
 * `GET /api/live`: Server-Sent Events `created` / `updated` / `overdue` for incidents in the caller's
 * area (and `?area=`). Each event's `id:` is its live_events id, so a reconnect with Last-Event-ID
 * resumes exactly after it, from the table, on any server process.
 */
export const liveRoutes = (deps: AppDeps, options: LiveHubOptions = {}) => {
  const hub = new LiveHub(deps.database, options);
  return new Hono<AppEnv>().get('/live', access({ roles: signedIn, scoped: true }), async (c) => {
    const principal = principalOf(c);
    const query = liveQuerySchema.parse(c.req.query());
    const resume = c.req.header('last-event-id') ?? query.lastEventId;
    if (resume !== undefined && !/^\d{1,15}$/.test(resume)) {
      throw new ApiError(400, 'invalid_request', 'Last-Event-ID must be an event id', 'lastEventId');
    }
    const db = deps.database.db;
    const workerGrids = principal.role === 'grid_worker' && principal.workerCode ? await workerGridCodes(db, principal.workerCode) : new Set<string>();
    const visible = visibleTo(principal, workerGrids, query.area);
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: LiveEventRow[] = [];
      let wake: (() => void) | null = null;
      const { cursor, unsubscribe } = await hub.subscribe((rows) => {
        for (const row of rows) if (visible(row)) queue.push(row);
        wake?.();
      });
      let closed = false;
      stream.onAbort(() => {
        closed = true;
        unsubscribe();
        wake?.();
      });
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ cursor }), retry: 2000 });
        // Backlog (Last-Event-ID, cursor]: from the table, scope-filtered in SQL; newer ones come from the hub.
        let last = resume !== undefined ? Number(resume) : cursor;
        if (resume === undefined && query.backlog) {
          last = await liveBacklogStart(db, query.backlog, liveBacklogCondition({ principal, upTo: cursor, area: query.area }));
        }
        const backlog = liveBacklogCondition({ principal, upTo: cursor });
        while (last < cursor && !closed) {
          const rows = await liveEventsAfter(db, last, 500, backlog);
          if (rows.length === 0) break;
          for (const row of rows) if (visible(row)) await send(stream, row);
          last = rows.at(-1)!.id;
        }
        while (!closed) {
          while (queue.length > 0 && !closed) await send(stream, queue.shift()!);
          if (closed) break;
          const idle = await new Promise<boolean>((resolve) => {
            if (queue.length > 0 || closed) return resolve(false);
            const timer = setTimeout(() => resolve(true), 15_000);
            wake = () => {
              clearTimeout(timer);
              resolve(false);
            };
          });
          wake = null;
          if (idle && !closed) await stream.write(': keep-alive\n\n');
        }
      } finally {
        if (!closed) unsubscribe();
        closed = true;
      }
    });
  });
};
