import pg from 'pg';
import { createHash } from 'node:crypto';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { SQL } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as schema from './schema/index.ts';
import { startEmbeddedServer, type EmbeddedServer } from './embedded/start.ts';
import { routedPool, type RoutedPool } from './read-replicas.ts';
import { poolBounds } from './pool-bounds.ts';

export type DatabaseMode = 'embedded' | 'postgis';
export type Db = NodePgDatabase<typeof schema>;

export interface Database {
  mode: DatabaseMode;
  pool: pg.Pool;
  db: Db;
  /** connection settings for opening extra dedicated connections (e.g. LISTEN) */
  connection: pg.ClientConfig;
  /** hot statements are named prepared statements (`hotQuery`): PostGIS, unless a pooler cannot keep them */
  prepared: boolean;
  close(): Promise<void>;
}

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

// int8 (counts, bigserial ids) as JS numbers: all our values are far below 2^53.
pg.types.setTypeParser(20, (value) => Number(value));
// numeric as number (ratios, areas)
pg.types.setTypeParser(1700, (value) => Number(value));

/**
 * Opens the database: a PostGIS server when `databaseUrl` is given, otherwise the embedded PGlite +
 * PostGIS persisted in `dataDir`. Both are reached through the same `pg` pool, so every query is the
 * same in both modes.
 *
 * @example
 * const database = await openDatabase({ dataDir: '.data' });
 * await migrateDatabase(database);
 */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  prepared?: boolean;
  connectTimeoutMs?: number;
  /** connections kept open while idle (see `connectDatabase`) */
  poolMin?: number;
  /** a direct (session) connection for LISTEN when `databaseUrl` goes through a transaction pooler */
  listenUrl?: string;
}): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let connection: pg.ClientConfig;
  if (options.databaseUrl) {
    connection = { connectionString: options.databaseUrl };
  } else {
    embedded = await startEmbeddedServer({ dataDir: path.join(options.dataDir, 'pglite') });
    connection = { host: embedded.socketDir, port: 5432, user: 'postgres', database: 'postgres' };
  }
  const database = connectDatabase(embedded ? 'embedded' : 'postgis', connection, options.poolSize, {
    prepared: options.prepared,
    connectTimeoutMs: options.connectTimeoutMs,
    min: options.poolMin,
  });
  return {
    ...database,
    connection: options.databaseUrl && options.listenUrl ? { connectionString: options.listenUrl } : connection,
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}

/**
 * How long getting a connection may take — opening one, or waiting for a free one in a full pool — before
 * the query fails (DATABASE_CONNECT_TIMEOUT_MS). Without it, a database host that drops packets (a dead
 * VM, a firewall) leaves the TCP connect, and every request behind it, waiting forever.
 */
export const defaultConnectTimeoutMs = 10_000;

/**
 * Wraps an already running database (embedded or server) in a pool; `close` ends only the pool.
 * With PGlite every connection shares one session, so pools stay small there, and statements stay
 * unnamed (names would collide in the shared session). `min` connections stay open however long they
 * idle (pg closes the others after 10 s idle): a new PostGIS backend costs about 110 ms before its first
 * locate answers (connect, load PostGIS, first plan), which a quiet spell would otherwise hand to the
 * next requests (bench/field.ts's 300/s p99 was 100 ms after 10 s without traffic, 13–15 ms with).
 *
 * @example
 * const database = connectDatabase('postgis', { connectionString: process.env.DATABASE_URL });
 */
export function connectDatabase(
  mode: DatabaseMode,
  connection: pg.ClientConfig,
  poolSize?: number,
  options: { prepared?: boolean; connectTimeoutMs?: number; min?: number } = {},
): Database {
  const pool = new pg.Pool({
    ...connection,
    ...poolBounds(poolSize ?? (mode === 'embedded' ? 4 : 20), options.min),
    connectionTimeoutMillis: options.connectTimeoutMs ?? connection.connectionTimeoutMillis ?? defaultConnectTimeoutMs,
  });
  pool.on('error', (error) => console.error('database pool error', error));
  const prepared = mode === 'postgis' && options.prepared !== false;
  return { mode, pool, db: drizzle(pool, { schema }), connection, prepared, close: () => pool.end() };
}

/**
 * Opens the pool's kept connections (its `min`) before the first request needs them, each with PostGIS
 * loaded, so a process that just started answers its first burst as fast as its hundredth. On the
 * embedded engine every connection shares one warm session: nothing to do.
 *
 * @example
 * await warmPool(database); // before listening
 */
export async function warmPool(database: Pick<Database, 'mode' | 'pool'>): Promise<number> {
  if (database.mode !== 'postgis') return 0;
  const clients = await Promise.all(Array.from({ length: database.pool.options.min ?? 0 }, () => database.pool.connect()));
  try {
    // any PostGIS function loads the library into the backend (about 30 ms on a fresh one)
    await Promise.all(clients.map((client) => client.query('SELECT postgis_lib_version()')));
  } finally {
    for (const client of clients) client.release();
  }
  return clients.length;
}

/** Applies pending migrations (idempotent); runs unchanged on PGlite and PostgreSQL 15. */
export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder });
}

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it
 * throws. Inside, use only the given client (PGlite: another connection would wait for this one forever).
 * The one transaction helper of the code base: a ROLLBACK that fails too leaves the connection in an
 * unknown state, so it is destroyed instead of going back to the pool, and the caller sees the
 * original error, not the rollback's.
 *
 * @example
 * await withTransaction(database, async (client) => {
 *   await client.query('INSERT INTO districts …');
 * });
 */
export async function withTransaction<T>(database: Pick<Database, 'pool'>, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await database.pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

const statementNames = new Map<string, string>();
const dialect = new PgDialect();

/**
 * Runs a statement of a hot endpoint (every locate, every bearer request). On PostGIS it is a named
 * prepared statement: parsed once per pooled connection, and after five runs PostgreSQL may keep a
 * generic plan — planning the locate statement took longer than running it (0.6 vs 0.5 ms, EXPLAIN
 * ANALYZE). On the embedded engine it stays unnamed: PGlite shares one session across connections,
 * so statement names would collide; so it does behind a pooler that cannot keep prepared statements
 * (`DATABASE_PREPARED_STATEMENTS=false`, e.g. PgBouncer before 1.21 in transaction mode). Only for
 * statements whose best plan does not depend on the values (key lookups, KNN); the tile statements
 * stay unnamed (see postgisTileSource).
 *
 * @example
 * const { rows } = await hotQuery(database, 'SELECT … WHERE t.token_hash = $1', [hash]);
 * const { rows } = await hotQuery(database, sql`SELECT … ST_MakePoint(${lon}, ${lat}) …`);
 */
export function hotQuery<R extends pg.QueryResultRow>(
  database: Pick<Database, 'prepared' | 'pool'>,
  statement: string | SQL,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  const { sql: text, params } = typeof statement === 'string' ? { sql: statement, params: values } : dialect.sqlToQuery(statement);
  if (!database.prepared) return database.pool.query<R>(text, params);
  let name = statementNames.get(text);
  if (!name) {
    // statement shapes are few (search: one per branch set and gram count); the bound only guards mistakes
    if (statementNames.size > 2000) statementNames.clear();
    name = `hot_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return database.pool.query<R>({ name, text, values: params });
}

/**
 * A Database for read-heavy routes: single statements go to a read replica (`DATABASE_READ_URL`) that has
 * replayed what the request needs (the caller's last write, a versioned tile's data version; see
 * `withReadDemand`), otherwise to the primary; transactions and `connect()` always use the primary.
 * Without replica URLs it is the primary itself, so nothing changes.
 *
 * @example
 * const reader = openReader(database, ['postgres://app@127.0.0.1:55433/pingan']);
 * app.route('/', kpiRoutes({ ...deps, database: reader }));
 */
export function openReader(
  primary: Database,
  urls: string[],
  options: { poolSize?: number; poolMin?: number; connectTimeoutMs?: number; pollMs?: number } = {},
): Database & { routed?: RoutedPool } {
  if (!urls.length || primary.mode !== 'postgis') return primary;
  const routed = routedPool(primary.pool, urls, options);
  const pool = routed as unknown as pg.Pool;
  // named statements still work: pg prepares a name on each pooled connection that has not seen it yet
  return { ...primary, pool, db: drizzle(pool, { schema }), routed, close: () => routed.end() };
}

/**
 * The primary's current WAL position (`X/Y`): after a write it is at or past that write's commit, so a
 * replica that replayed this far shows it.
 *
 * @example
 * const lsn = await primaryWalLsn(database); // '0/3000148'
 */
export async function primaryWalLsn(database: Pick<Database, 'pool'>): Promise<string> {
  const { rows } = await database.pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  return rows[0]!.lsn;
}
