import type { SSEStreamingApi } from 'hono/streaming';
import type { Principal } from '../../../core/access/roles.ts';
import type { Db } from '../../../db/client.ts';
import { liveBacklogCondition, liveBacklogStart, liveEventsAfter, type LiveEventRow } from '../../../db/queries/live.ts';
import type { LiveHub } from '../../../db/live/hub.ts';
import { isWholeCity } from '../../../core/areas/codes.ts';

/**
 * Whether a principal may see an event: the rule of scopeCondition, on the area codes the event
 * carries (the hub's rows are not filtered in SQL per caller).
 *
 * @example
 * const visible = visibleTo(principal, new Set(), '110101');
 */
export function visibleTo(principal: Principal, workerGrids: ReadonlySet<string>, area?: string) {
  const prefix = area && isWholeCity(area) ? area.slice(0, 4) : area;
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

/** What one SSE stream sends: to whom, from where, and which events. */
export interface LiveStream {
  db: Db;
  hub: LiveHub;
  principal: Principal;
  visible: (row: LiveEventRow) => boolean;
  /** Last-Event-ID: the stream continues after it */
  resume?: string;
  /** without `resume`: start with the newest N visible events */
  backlog?: number;
  area?: string;
}

/**
 * Feeds one SSE stream until the client leaves: `ready` with the hub's cursor, the backlog up to that
 * cursor from the table, then the hub's events as they come, with a keep-alive comment every 15 s.
 *
 * @example
 * return streamSSE(c, (stream) => pumpLiveEvents(stream, { db, hub, principal, visible }));
 */
export async function pumpLiveEvents(stream: SSEStreamingApi, { db, hub, principal, visible, resume, backlog, area }: LiveStream): Promise<void> {
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
    if (resume === undefined && backlog) {
      last = await liveBacklogStart(db, backlog, liveBacklogCondition({ principal, upTo: cursor, area }));
    }
    const inScope = liveBacklogCondition({ principal, upTo: cursor });
    while (last < cursor && !closed) {
      const rows = await liveEventsAfter(db, last, 500, inScope);
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
}
