import type { MiddlewareHandler } from 'hono';
import type { Env } from '../../core/env.ts';
import { logEnabled, logger } from '../../core/log.ts';

/** One request as the log records it. */
export interface RequestRecord {
  requestId: string | undefined;
  method: string;
  path: string;
  status: number;
  ms: number;
}

type Settings = Pick<Env, 'LOG_REQUESTS_PER_SECOND' | 'LOG_SLOW_MS'>;

/**
 * The request log of a process: each request as one JSON line up to `LOG_REQUESTS_PER_SECOND` a second;
 * past that, the rest of the second is counted (by status class, with the slowest time) and written as
 * one `requests` summary line when the second is over. Errors (status ≥ 400) and requests slower than
 * `LOG_SLOW_MS` are always written whole. At 20,000 tiles a second a line per request was a synchronous
 * write to stdout each time: a tenth of the process's time, and a log nobody can read.
 *
 * @example
 * const log = new RequestLog({ LOG_REQUESTS_PER_SECOND: 50, LOG_SLOW_MS: 500 });
 * log.record({ requestId, method: 'GET', path: '/tiles/districts/8/215/96', status: 200, ms: 0.3 });
 */
export class RequestLog {
  private second = 0;
  private written = 0;
  private skipped = { count: 0, status2xx: 0, status3xx: 0, maxMs: 0 };
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(private readonly settings: Settings) {}

  record(request: RequestRecord): void {
    if (!logEnabled('info') && request.status < 500) return;
    const now = Math.floor(Date.now() / 1000);
    if (now !== this.second) this.rollOver(now);
    if (request.status >= 400 || request.ms >= this.settings.LOG_SLOW_MS || this.written < this.settings.LOG_REQUESTS_PER_SECOND) {
      this.written++;
      logger.info('request', { ...request });
      return;
    }
    const skipped = this.skipped;
    skipped.count++;
    if (request.status < 300) skipped.status2xx++;
    else skipped.status3xx++;
    if (request.ms > skipped.maxMs) skipped.maxMs = request.ms;
    // a burst that ends leaves its count behind; write it out a second later even if no request follows
    this.flushTimer ??= setTimeout(() => this.flushLater(), 1100).unref();
  }

  private flushLater() {
    this.flushTimer = null;
    const now = Math.floor(Date.now() / 1000);
    if (now !== this.second) this.rollOver(now);
    else if (this.skipped.count > 0) this.flushTimer = setTimeout(() => this.flushLater(), 1100).unref();
  }

  private rollOver(second: number) {
    const skipped = this.skipped;
    if (skipped.count > 0) {
      const { count, status2xx, status3xx, maxMs } = skipped;
      logger.info('requests', { second: new Date(this.second * 1000).toISOString(), notLoggedSingly: count, status2xx, status3xx, maxMs });
    }
    this.second = second;
    this.written = 0;
    this.skipped = { count: 0, status2xx: 0, status3xx: 0, maxMs: 0 };
  }
}

const logs = new WeakMap<Settings, RequestLog>();

/**
 * The request log of an app's settings (one per process: the app and the cached-tile fast path share
 * its per-second budget).
 *
 * @example
 * app.use(requestLog(requestLogFor(deps.env)));
 */
export function requestLogFor(settings: Settings): RequestLog {
  let log = logs.get(settings);
  if (!log) {
    log = new RequestLog(settings);
    logs.set(settings, log);
  }
  return log;
}

/**
 * Logs requests through a `RequestLog` (sampled at high rates; errors and slow requests whole), with the
 * id set by hono's requestId middleware.
 *
 * @example
 * app.use(requestLog(requestLogFor(env)));
 */
export const requestLog =
  (log: RequestLog): MiddlewareHandler =>
  async (c, next) => {
    const started = performance.now();
    await next();
    log.record({
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
