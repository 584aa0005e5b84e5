import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { StatsSummary } from '../../core/contracts/system.ts';

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
