import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../client.ts';
import { logger } from '../../core/log.ts';

export interface ChannelHandlers {
  /** a notification's payload (probes of this listener are not passed on) */
  message(payload: string): void;
  /** delivery is proven (true: a probe came back) or lost (false: error, silence, stop) */
  state(reliable: boolean): void;
}

export interface ChannelOptions {
  /** how often delivery is re-proven with a probe while listening */
  probeEveryMs?: number;
  /** how long a probe may take to come back before delivery counts as lost */
  probeTimeoutMs?: number;
}

const probePrefix = 'probe:';

/**
 * LISTEN on one channel over a dedicated connection, with proof that notifications really arrive: a
 * probe NOTIFY sent through the ordinary pool must come back on the listening connection (at start and
 * then every `probeEveryMs`). A transaction pooler accepts LISTEN but never delivers, a half-dead
 * socket says nothing; in both cases the probe does not return and `state(false)` is reported, so a
 * cache that depends on the notifications stops trusting itself. Reconnects after a loss. PostGIS only:
 * PGlite does not carry NOTIFY across its socket connections.
 *
 * @example
 * const channel = new ChannelListener(database, 'principal_changed', { message: drop, state: (ok) => (trusted = ok) });
 * channel.start();
 */
export class ChannelListener {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private generation = 0;
  private pendingProbe: { id: string; timeout: NodeJS.Timeout } | null = null;
  private fenceInFlight: Promise<void> | null = null;
  private fenceQueued: Promise<void> | null = null;

  constructor(
    private readonly database: Pick<Database, 'mode' | 'pool' | 'connection'>,
    private readonly channel: string,
    private readonly handlers: ChannelHandlers,
    private readonly options: ChannelOptions = {},
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`channel name ${channel}: lower-case letters, digits and _ only`);
  }

  get running(): boolean {
    return this.generation % 2 === 1;
  }

  /** Connects, listens and proves delivery; reports through the handlers. Idempotent. */
  start(): void {
    if (this.running || this.database.mode !== 'postgis') return;
    this.generation++;
    void this.connect(this.generation);
  }

  /**
   * Resolves once every notification committed before this call has been handed to `message`: a
   * trivial query on the listening connection, whose answer PostgreSQL sends only after the
   * notifications pending for that session. Calls that arrive while one is in flight share the next
   * one (that one was sent too early to prove anything about them), so under load one round trip is
   * in flight at a time, whatever the request rate. Rejects when not listening.
   *
   * @example
   * await channel.fence(); // a revoke committed before now has been seen
   */
  fence(): Promise<void> {
    if (!this.fenceInFlight) return this.sendFence();
    this.fenceQueued ??= this.fenceInFlight
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.fenceQueued = null;
        return this.sendFence();
      });
    return this.fenceQueued;
  }

  private sendFence(): Promise<void> {
    const client = this.client;
    const fence = client ? client.query('SELECT 1').then(() => undefined) : Promise.reject(new Error(`not listening on ${this.channel}`));
    this.fenceInFlight = fence;
    fence
      .finally(() => {
        if (this.fenceInFlight === fence) this.fenceInFlight = null;
      })
      .catch(() => undefined);
    return fence;
  }

  /** Closes the connection; `state(false)` is reported. */
  stop(): void {
    if (!this.running) return;
    this.generation++;
    this.lost();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async connect(generation: number) {
    const client = new pg.Client({ ...this.database.connection, keepAlive: true });
    client.on('notification', (message) => {
      const payload = message.payload ?? '';
      if (!payload.startsWith(probePrefix)) return this.handlers.message(payload);
      if (this.pendingProbe?.id === payload.slice(probePrefix.length)) {
        clearTimeout(this.pendingProbe.timeout);
        this.pendingProbe = null;
        this.handlers.state(true);
        this.schedule(generation, () => this.probe(generation), this.options.probeEveryMs ?? 10_000);
      }
    });
    client.on('error', (error) => {
      logger.warn(`LISTEN ${this.channel} lost; reconnecting`, { error: String(error) });
      if (this.client === client) this.retry(generation);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      logger.warn(`LISTEN ${this.channel} failed; retrying`, { error: String(error) });
      void client.end().catch(() => {});
      if (generation === this.generation) this.schedule(generation, () => this.connect(generation), 1000);
      return;
    }
    if (generation !== this.generation) return void client.end().catch(() => {});
    // the socket must not keep a finished process (or a test worker) alive
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    this.client = client;
    await this.probe(generation);
  }

  private async probe(generation: number) {
    if (generation !== this.generation || !this.client) return;
    const id = randomUUID();
    const timeout = setTimeout(() => {
      if (this.pendingProbe?.id !== id) return;
      logger.warn(`LISTEN ${this.channel}: a probe did not come back; notifications not trusted until one does`);
      this.retry(generation);
    }, this.options.probeTimeoutMs ?? 3000);
    timeout.unref();
    this.pendingProbe = { id, timeout };
    try {
      await this.database.pool.query('SELECT pg_notify($1, $2)', [this.channel, probePrefix + id]);
    } catch {
      // the timeout above reports the loss
    }
  }

  /** Reports the loss, drops the connection and connects again (same generation: still running). */
  private retry(generation: number) {
    if (generation !== this.generation) return;
    this.lost();
    this.schedule(generation, () => this.connect(generation), 1000);
  }

  private lost() {
    if (this.pendingProbe) clearTimeout(this.pendingProbe.timeout);
    this.pendingProbe = null;
    const client = this.client;
    this.client = null;
    void client?.end().catch(() => {});
    this.handlers.state(false);
  }

  private schedule(generation: number, run: () => Promise<void>, ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => generation === this.generation && void run(), ms);
    this.timer.unref();
  }
}
