import pg from 'pg';
import type { Database } from '../client.ts';
import { latestLiveEventId, liveEventsAfter, type LiveEventRow } from '../queries/live.ts';
import { LiveSequencer } from './order.ts';
import { logger } from '../../core/log.ts';

export type LiveListener = (rows: LiveEventRow[]) => void;

export interface LiveHubOptions {
  /** fallback poll interval; the only wake-up in embedded mode (NOTIFY does not cross PGlite socket connections) */
  pollMs?: number;
  gapWaitMs?: number;
}

/**
 * One reader of the `live_events` outbox per server process, fanning out to every SSE stream of the
 * process. Woken by LISTEN live_events on a dedicated connection (PostGIS) and by a poll (every 200 ms
 * embedded, every second as a safety net on PostGIS). Starts with the first subscriber, stops with the
 * last, so idle apps (and tests) hold no connection.
 */
export class LiveHub {
  private listeners = new Set<LiveListener>();
  private sequencer: LiveSequencer | null = null;
  private starting: Promise<void> | null = null;
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private retry: NodeJS.Timeout | null = null;
  private polling = false;
  private again = false;
  private generation = 0;

  constructor(
    private readonly database: Database,
    private readonly options: LiveHubOptions = {},
  ) {}

  /**
   * Adds a listener; resolves with the cursor: the listener receives exactly the events with a larger id
   * (older ones are the caller's backlog, read from the table).
   *
   * @example
   * const { cursor, unsubscribe } = await hub.subscribe((rows) => queue.push(...rows));
   */
  async subscribe(listener: LiveListener): Promise<{ cursor: number; unsubscribe: () => void }> {
    this.listeners.add(listener);
    try {
      this.starting ??= this.start();
      await this.starting;
    } catch (error) {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
      throw error;
    }
    return {
      cursor: this.sequencer!.cursor,
      unsubscribe: () => {
        this.listeners.delete(listener);
        if (this.listeners.size === 0) this.stop();
      },
    };
  }

  private async start() {
    const generation = ++this.generation;
    const cursor = await latestLiveEventId(this.database.db);
    if (generation !== this.generation) return;
    this.sequencer = new LiveSequencer(cursor, this.options.gapWaitMs);
    const embedded = this.database.mode === 'embedded';
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? (embedded ? 200 : 1000));
    this.timer.unref();
    if (!embedded) await this.listen(generation);
  }

  private async listen(generation: number) {
    const client = new pg.Client(this.database.connection);
    client.on('notification', () => this.kick());
    client.on('error', (error) => {
      logger.warn('live listener lost; polling until it is back', { error: String(error) });
      if (this.client === client) this.client = null;
      setTimeout(() => generation === this.generation && this.listeners.size > 0 && void this.listen(generation).catch(() => {}), 1000).unref();
    });
    await client.connect();
    await client.query('LISTEN live_events');
    if (generation !== this.generation) {
      await client.end();
      return;
    }
    this.client = client;
    this.kick(); // anything committed between reading the cursor and LISTEN
  }

  private stop() {
    this.generation++;
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.timer = this.retry = null;
    this.starting = null;
    this.sequencer = null;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => {});
  }

  /** Reads and delivers new events; one read at a time, re-run if woken meanwhile. */
  kick() {
    if (!this.sequencer) return;
    if (this.polling) {
      this.again = true;
      return;
    }
    this.polling = true;
    void this.poll().finally(() => {
      this.polling = false;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async poll() {
    const generation = this.generation;
    for (;;) {
      const sequencer = this.sequencer;
      if (!sequencer || generation !== this.generation) return;
      let rows: LiveEventRow[];
      try {
        rows = await liveEventsAfter(this.database.db, sequencer.cursor, 1000);
      } catch (error) {
        logger.warn('live poll failed', { error: String(error) });
        return;
      }
      if (generation !== this.generation || rows.length === 0) return;
      const { deliver, retryInMs } = sequencer.accept(rows, Date.now());
      if (deliver > 0) {
        const batch = rows.slice(0, deliver);
        for (const listener of this.listeners) listener(batch);
      }
      if (retryInMs !== null) {
        if (this.retry) clearTimeout(this.retry);
        this.retry = setTimeout(() => this.kick(), Math.min(retryInMs, 50));
        return;
      }
      if (rows.length < 1000) return;
    }
  }
}
