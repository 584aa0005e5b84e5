import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/**
 * What the demo accounts hang on, or undefined when this is not a demo database (no grids, or any
 * grid that is not synthetic: real data never gets demo accounts).
 *
 * @example
 * const anchors = await demoAnchors(db); // { district: '210102', worker: { code, community } }
 */
export async function demoAnchors(db: Db) {
  const result = await db.execute<{ demo: boolean; district: string | null; worker_code: string | null; community: string | null }>(sql`
    SELECT
      (EXISTS (SELECT 1 FROM grid_cells) AND NOT EXISTS (SELECT 1 FROM grid_cells WHERE NOT synthetic)) AS demo,
      (SELECT code FROM districts ORDER BY code LIMIT 1) AS district,
      w.code AS worker_code, w.community_code AS community
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT w.code, w.community_code FROM grid_workers w
      WHERE w.synthetic AND w.community_code IS NOT NULL
        AND EXISTS (SELECT 1 FROM grid_cells g WHERE g.worker_code = w.code)
      ORDER BY w.code LIMIT 1
    ) w ON true`);
  const row = result.rows[0]!;
  if (!row.demo || !row.district) return undefined;
  return {
    district: row.district,
    worker: row.worker_code && row.community ? { code: row.worker_code, community: row.community } : undefined,
  };
}
