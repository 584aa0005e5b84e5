import { sql } from 'drizzle-orm';
import type { Database, DatabaseMode, Db } from '../client.ts';
import type { StatsSummary } from '../../core/contracts/system.ts';
import { logger } from '../../core/log.ts';

/** PostGIS library version of the connected database, e.g. "3.3.2". */
export async function postgisVersion(db: Db): Promise<string> {
  const result = await db.execute<{ version: string }>(sql`SELECT postgis_lib_version() AS version`);
  return result.rows[0]!.version;
}

/**
 * City-wide counts for the summary card. One round trip: scalar subqueries over indexed tables.
 *
 * @example
 * const summary = await statsSummary(db); // summary.sites.mediation_point === 2411 on the full demo
 */
export async function statsSummary(db: Db): Promise<StatsSummary> {
  const result = await db.execute<Record<string, unknown>>(sql`
    SELECT
      (SELECT count(*) FROM districts)::int AS districts,
      (SELECT count(*) FROM streets)::int AS streets,
      (SELECT count(*) FROM communities)::int AS communities,
      (SELECT count(*) FROM grid_cells)::int AS "gridCells",
      (SELECT count(*) FROM compounds)::int AS compounds,
      (SELECT coalesce(sum(households), 0) FROM compounds)::bigint AS households,
      (SELECT coalesce(sum(population), 0) FROM compounds)::bigint AS population,
      (SELECT coalesce(json_object_agg(k.kind, (SELECT count(*) FROM sites s WHERE s.kind = k.kind)), '{}'::json)
         FROM site_kinds k) AS sites,
      (SELECT count(*) FROM grid_workers)::int AS "gridWorkers",
      (SELECT count(*) FROM volunteers)::int AS volunteers,
      (SELECT count(*) FROM incidents)::int AS incidents
  `);
  return result.rows[0] as unknown as StatsSummary;
}

/** What `/api/health` reports: 200 with the first shape, 503 with the second. */
export type HealthReport =
  | { status: 'ok'; database: DatabaseMode; postgis: string }
  | { status: 'unavailable'; database: 'unreachable'; mode: DatabaseMode; error: 'timeout' | 'refused' | 'failed'; timeoutMs: number };

// Load balancers poll health every few seconds: log the transitions only, not every failed probe.
let lastLogged: 'ok' | 'unavailable' = 'ok';

/**
 * Asks the database for its PostGIS version within `timeoutMs` (connecting included) and says whether it
 * answered. Never throws: a refused connection, a host that swallows packets, or a server that accepts and
 * then says nothing all become `unavailable` after at most `timeoutMs`. A connection that timed out is
 * destroyed rather than returned to the pool, so the next probe opens a fresh one and health recovers by
 * itself once the database is back. The reason is a word, not the driver's message (no host names in a
 * public answer); the full message is logged.
 *
 * @example
 * const report = await checkHealth(database); // { status: 'ok', database: 'postgis', postgis: '3.3.2' }
 * return c.json(report, report.status === 'ok' ? 200 : 503);
 */
export async function checkHealth(database: Pick<Database, 'pool' | 'mode'>, options: { timeoutMs?: number } = {}): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const probe = (async () => {
    const client = await database.pool.connect();
    try {
      // query_timeout: a connection that went silent after connecting (the pool's connect timeout does not apply)
      const result = await client.query<{ version: string }>({ text: 'SELECT postgis_lib_version() AS version', query_timeout: timeoutMs } as never);
      client.release();
      return result.rows[0]!.version;
    } catch (error) {
      client.release(error as Error); // destroyed: its state after a timeout is unknown
      throw error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const outcome = await Promise.race([probe, deadline]);
    if (outcome !== 'timeout') {
      if (lastLogged !== 'ok') logger.info('database reachable again', { mode: database.mode });
      lastLogged = 'ok';
      return { status: 'ok', database: database.mode, postgis: outcome };
    }
    probe.catch(() => {}); // still pending: its own timeouts end it later
    return unavailable(database.mode, 'timeout', timeoutMs, new Error(`no answer within ${timeoutMs} ms`));
  } catch (error) {
    const refused = ['ECONNREFUSED', 'ENOENT', 'ECONNRESET'].includes((error as { code?: string }).code ?? '');
    const timedOut = /timeout/i.test((error as Error).message);
    return unavailable(database.mode, refused ? 'refused' : timedOut ? 'timeout' : 'failed', timeoutMs, error);
  } finally {
    clearTimeout(timer);
  }
}

function unavailable(mode: DatabaseMode, reason: 'timeout' | 'refused' | 'failed', timeoutMs: number, error: unknown): HealthReport {
  if (lastLogged !== 'unavailable') logger.warn('database unreachable', { mode, reason, error: (error as Error).message });
  lastLogged = 'unavailable';
  return { status: 'unavailable', database: 'unreachable', mode, error: reason, timeoutMs };
}
