import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import { tileVersion } from './tiles/meta.ts';
import { isTileLayerId } from '../core/tiles/layer-ids.ts';
import { logger } from '../core/log.ts';
import { poolBounds } from './pool-bounds.ts';

/**
 * What a request needs a replica to have replayed before it may read there: the caller's own last
 * write (a WAL position) and, for a versioned tile, that data version. Anything a replica cannot prove
 * it has goes to the primary.
 */
export interface ReadDemand {
  /** WAL position (`X/Y`) of the caller's last write on the primary */
  minLsn?: string;
  /** a versioned tile URL (`?v=`): the replica must hold at least this tile version of the layer */
  tile?: { layer: string; version: number };
  /** filled in while the request runs: how many of its statements each kind of server answered */
  served?: { replica: number; primary: number };
}

const demands = new AsyncLocalStorage<ReadDemand>();

/**
 * Runs `work` with a read demand that every replica read inside it (awaits included) honours.
 *
 * @example
 * await withReadDemand({ minLsn: '0/3000148' }, () => next());
 */
export function withReadDemand<T>(demand: ReadDemand, work: () => T): T {
  return demands.run(demand, work);
}

/**
 * A WAL position `X/Y` (hex) as one comparable number; undefined when it is not one.
 *
 * @example
 * lsnValue('1/0') // 4294967296n
 */
export function lsnValue(lsn: string | null | undefined): bigint | undefined {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn ?? '');
  return match ? (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`) : undefined;
}

interface ReplicaState {
  pool: pg.Pool;
  /** replayed WAL position at the last poll; undefined = unreachable or not polled yet */
  lsn?: bigint;
  versions: Record<string, number>;
  /** seconds behind the primary's last commit it replayed (pg_last_xact_replay_timestamp) */
  lagSeconds?: number;
  /** the poll under way: a replica that hangs must not collect a pile of them in its pool */
  polling?: Promise<void>;
}

/** Counters a bench or test reads: where reads went and why. */
export interface ReadStats {
  replica: number;
  primary: number;
  /** reads sent to the primary because no replica had replayed the caller's write or tile version */
  behind: number;
  /** replica reads that failed on the connection and were run again on the primary */
  retried: number;
}

// connection-level failures (and a replica that was promoted or is read-only): the read is safe to repeat
const retryable = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001', '25006']);
const isRetryable = (error: unknown) =>
  error instanceof Error && (retryable.has((error as { code?: string }).code ?? '') || /timeout|terminated|Connection/i.test(error.message));

/**
 * Sends single statements to a replica that has replayed what the current request needs, else to the
 * primary. `connect()` (transactions, cursors, anything writing) always gets a primary connection: a
 * transaction is one server's snapshot, and only the primary accepts writes.
 * Named RoutedPool so Drizzle treats it as a pool (it checks the constructor name).
 */
export class RoutedPool {
  readonly stats: ReadStats = { replica: 0, primary: 0, behind: 0, retried: 0 };
  private next = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly primary: pg.Pool,
    readonly replicas: ReplicaState[],
    pollMs: number,
  ) {
    void this.poll();
    this.timer = setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
  }

  /** Re-reads each replica's replayed WAL position and data versions (one small query each). */
  async poll(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => (replica.polling ??= this.pollOne(replica).finally(() => (replica.polling = undefined)))));
  }

  private async pollOne(replica: ReplicaState): Promise<void> {
    try {
      const { rows } = await replica.pool.query<{ lsn: string; lag: number | null; versions: Record<string, number> | null }>(
        `SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text AS lsn,
                extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 AS lag,
                (SELECT jsonb_object_agg(layer, version) FROM data_versions) AS versions`,
      );
      replica.lsn = lsnValue(rows[0]?.lsn);
      replica.versions = rows[0]?.versions ?? {};
      replica.lagSeconds = rows[0]?.lag ?? undefined;
    } catch {
      replica.lsn = undefined;
    }
  }

  private satisfies(replica: ReplicaState, demand: ReadDemand | undefined): boolean {
    if (replica.lsn === undefined) return false;
    const min = lsnValue(demand?.minLsn);
    if (min !== undefined && replica.lsn < min) return false;
    const tile = demand?.tile;
    if (tile && isTileLayerId(tile.layer) && tileVersion(tile.layer, replica.versions) < tile.version) return false;
    return true;
  }

  /** The replica for this read, round robin among those that qualify; undefined → the primary. */
  pick(): ReplicaState | undefined {
    const demand = demands.getStore();
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length]!;
      if (this.satisfies(replica, demand)) {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica;
      }
    }
    if (demand && this.replicas.some((replica) => replica.lsn !== undefined)) this.stats.behind++;
    return undefined;
  }

  // pg's overloads (text, values, callback, config objects): callers here use the promise forms only
  async query(...args: unknown[]): Promise<pg.QueryResult> {
    const replica = this.pick();
    const served = demands.getStore()?.served;
    const run = (pool: pg.Pool) => (pool.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    const onPrimary = () => {
      this.stats.primary++;
      if (served) served.primary++;
      return run(this.primary);
    };
    if (!replica) return onPrimary();
    try {
      const result = await run(replica.pool);
      this.stats.replica++;
      if (served) served.replica++;
      return result;
    } catch (error) {
      if (!isRetryable(error)) throw error;
      // a stopped or promoted replica: take it out until the next poll sees it again, read from the primary
      replica.lsn = undefined;
      this.stats.retried++;
      logger.warn('replica read failed; read again on the primary', { error: String(error) });
      return onPrimary();
    }
  }

  connect(): Promise<pg.PoolClient> {
    return this.primary.connect();
  }

  on(event: string, listener: (...args: unknown[]) => void): this {
    this.primary.on(event as 'error', listener);
    return this;
  }

  /** Ends the replica pools (the primary's pool belongs to its own Database). */
  async end(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.replicas.map((replica) => replica.pool.end()));
  }
}

/**
 * Pools to the replicas (one per URL) behind a RoutedPool.
 *
 * @example
 * const routed = routedPool(primary.pool, ['postgres://app@replica:5432/pingan'], { poolSize: 10 });
 */
export function routedPool(
  primary: pg.Pool,
  urls: string[],
  options: { poolSize?: number; poolMin?: number; connectTimeoutMs?: number; pollMs?: number } = {},
): RoutedPool {
  const replicas = urls.map((url) => {
    const pool = new pg.Pool({
      connectionString: url,
      ...poolBounds(options.poolSize ?? 20, options.poolMin),
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    });
    pool.on('error', (error) => logger.warn('replica pool error', { error: String(error) }));
    return { pool, versions: {} };
  });
  return new RoutedPool(primary, replicas, options.pollMs ?? 100);
}
