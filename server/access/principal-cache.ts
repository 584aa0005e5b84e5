import type { Database } from '../../db/client.ts';
import { ChannelListener } from '../../db/live/channel.ts';

interface Entry {
  value: unknown;
  userId: number;
  /** session end (ms since epoch): a cached session is never used past it */
  expiresAt: number;
  /** when the entry is re-read from the database anyway (bounds last_used_at staleness, belt and braces) */
  freshUntil: number;
}

export interface PrincipalCacheOptions {
  /** longest an entry is used before it is read again (default 30 s) */
  maxAgeMs?: number;
  /** entries kept at most; beyond, the cache starts over (default 100,000: ten times a city's staff) */
  maxEntries?: number;
  /** the listener closes after this long without a lookup (default 60 s); the next lookup starts it again */
  idleMs?: number;
  probeEveryMs?: number;
}

/**
 * Who a session or API token belongs to, remembered in this process so that a signed-in request does
 * not wait for a database round trip. Revocation stays immediate on every process: triggers (migration
 * 0023) NOTIFY `principal_changed` with the account id on logout, session deletion, token revoke,
 * disable, password, role or scope change, and every process drops that account's entries when the
 * notification arrives. A hit is trusted only after a fence on the listening connection (see
 * `ChannelListener.fence`): every notification committed before the request has then been handled,
 * so a request that starts after a revoke committed never sees the old principal. The cache is used
 * only while delivery is proven (`ChannelListener` probes); otherwise every lookup reads the database,
 * as without a cache. Loads that raced an invalidation are not stored. Embedded: no cache (PGlite does
 * not carry NOTIFY across its connections, and its round trip is in-process anyway).
 *
 * @example
 * const owner = await principalCacheFor(database).lookup(`t:${hash}`, () => findApiTokenOwner(database, hash), (o) => ({ userId: o.id }));
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly listener: ChannelListener;
  private trusted = false;
  private generation = 0;
  private lastUse = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /** PGlite never delivers a NOTIFY to another connection: listening there only fails its probes, noisily */
  private readonly listens: boolean;
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    database: Database,
    private readonly options: PrincipalCacheOptions = {},
  ) {
    this.listens = database.mode !== 'embedded';
    this.listener = new ChannelListener(
      database,
      'principal_changed',
      { message: (payload) => this.invalidate(payload), state: (reliable) => this.setTrusted(reliable) },
      { probeEveryMs: options.probeEveryMs },
    );
  }

  /** Whether entries are being used (delivery of invalidations proven). */
  get active(): boolean {
    return this.trusted;
  }

  /**
   * The cached value of `key`, or `load()`'s, stored under the account it names when the cache is
   * trusted and nothing was invalidated meanwhile. `undefined` (refused credentials) is never stored.
   */
  async lookup<T>(key: string, load: () => Promise<T | undefined>, describe: (value: T) => { userId: number; expiresAt?: Date }): Promise<T | undefined> {
    this.touch();
    const now = Date.now();
    const entry = this.trusted ? this.entries.get(key) : undefined;
    if (entry && entry.expiresAt > now && entry.freshUntil > now) {
      // A revoke committed just before this request may not have reached this process yet: the fence
      // (one trivial round trip on the listening connection, shared by all requests waiting meanwhile)
      // makes sure its notification has been handled before the entry is trusted.
      const fenced = await this.listener.fence().then(
        () => true,
        () => false,
      );
      if (fenced && this.entries.get(key) === entry) {
        this.stats.hits++;
        return entry.value as T;
      }
    }
    if (entry && this.entries.get(key) === entry) this.entries.delete(key);
    this.stats.misses++;
    const generation = this.generation;
    const value = await load();
    if (value === undefined || !this.trusted || generation !== this.generation) return value;
    const { userId, expiresAt } = describe(value);
    if (this.entries.size >= (this.options.maxEntries ?? 100_000)) this.entries.clear();
    this.entries.set(key, {
      value,
      userId,
      expiresAt: expiresAt?.getTime() ?? Infinity,
      freshUntil: now + (this.options.maxAgeMs ?? 30_000),
    });
    return value;
  }

  /** Drops what is cached for one account id, or everything for '*' or anything unexpected. */
  invalidate(payload: string): void {
    this.generation++;
    const userId = /^\d+$/.test(payload) ? Number(payload) : undefined;
    if (userId === undefined) return this.entries.clear();
    for (const [key, entry] of this.entries) if (entry.userId === userId) this.entries.delete(key);
  }

  /** Stops listening and forgets everything (tests, shutdown). */
  close(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    this.listener.stop();
  }

  private setTrusted(reliable: boolean) {
    // whatever happened while delivery was unproven is unknown: start empty either way
    this.generation++;
    this.entries.clear();
    this.trusted = reliable;
  }

  private touch() {
    this.lastUse = Date.now();
    if (!this.listens || this.listener.running) return;
    this.listener.start();
    const idleMs = this.options.idleMs ?? 60_000;
    this.idleTimer ??= setInterval(() => {
      if (Date.now() - this.lastUse < idleMs) return;
      this.close();
    }, idleMs);
    this.idleTimer.unref();
  }
}

const caches = new WeakMap<Database, PrincipalCache>();

/**
 * The principal cache of an open database (one per process and database; PostGIS only, see
 * `PrincipalCache`).
 *
 * @example
 * const cache = principalCacheFor(deps.database);
 */
export function principalCacheFor(database: Database): PrincipalCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new PrincipalCache(database);
    caches.set(database, cache);
  }
  return cache;
}
