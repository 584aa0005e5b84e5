import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { Principal } from '../../core/access/roles.ts';
import { scopeCondition } from './scope.ts';

/** A grid worker found by name, before masking (the route masks `name` for the caller's role). */
export interface WorkerHit {
  code: string;
  name: string;
  context: string;
  match: 'name' | 'name-prefix' | 'name-substring';
  bbox: [number, number, number, number];
}

const likeEscape = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Grid workers whose name contains the (Chinese) query, inside the principal's area, with the outline
 * of their grids (else their community) to fly to. Names are personal data: they are not in the public
 * search_index, and the caller masks them (server/access/mask.ts). A sequential scan of grid_workers is
 * fine at city scale (tens of thousands of rows) and keeps names out of any shared index.
 *
 * @example
 * await searchWorkers(db, principal, '测试员', 5) // [{ code: 'GW…', name: '测试员11', context: '测试社区1-1', … }]
 */
export async function searchWorkers(db: Db, principal: Principal, q: string, limit: number): Promise<WorkerHit[]> {
  const text = q.replace(/\s+/g, '');
  if (!/[\u3400-\u9fff]/u.test(text)) return [];
  const pattern = likeEscape(text);
  const scope = scopeCondition(principal, { community: sql.raw('w.community_code') });
  const result = await db.execute<{ code: string; name: string; context: string; match: WorkerHit['match']; w: number; s: number; e: number; n: number }>(sql`
    SELECT w.code, w.name, concat_ws(' · ', c.name, (SELECT string_agg(g.name, '、' ORDER BY g.code) FROM grid_cells g WHERE g.worker_code = w.code)) AS context,
      CASE WHEN w.name = ${text} THEN 'name' WHEN w.name LIKE ${pattern + '%'} THEN 'name-prefix' ELSE 'name-substring' END AS match,
      ST_XMin(b.geom) AS w, ST_YMin(b.geom) AS s, ST_XMax(b.geom) AS e, ST_YMax(b.geom) AS n
    FROM grid_workers w
    LEFT JOIN communities c ON c.code = w.community_code
    CROSS JOIN LATERAL (SELECT coalesce((SELECT ST_Extent(g.geom)::geometry FROM grid_cells g WHERE g.worker_code = w.code), c.geom) AS geom) b
    WHERE w.name LIKE ${'%' + pattern + '%'} AND b.geom IS NOT NULL AND ${scope}
    ORDER BY (w.name = ${text}) DESC, length(w.name), w.code
    LIMIT ${Math.max(1, Math.min(20, Math.trunc(limit)))}`);
  return result.rows.map((r) => ({
    code: r.code,
    name: r.name,
    context: r.context,
    match: r.match,
    bbox: [Number(r.w), Number(r.s), Number(r.e), Number(r.n)],
  }));
}
