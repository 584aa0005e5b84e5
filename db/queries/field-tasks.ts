import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { incidentColumns, overdueCondition, stageDeadlineSql, type IncidentRow } from './incidents.ts';

/** Statuses in which a case waits for its grid worker: 待接单 (dispatched, also after a rework) and 处置中. */
export const taskStatuses = ['dispatched', 'handling'] as const;

/** An inbox row: the incident row and whether it was dispatched to the worker by name. */
export type TaskRow = IncidentRow & { assignedTo: 'me' | 'grid' };

/**
 * A grid worker's inbox (我的待办): open cases waiting for them — dispatched to them by name, or lying in
 * one of their grids (grid_cells.worker_code) and dispatched to no worker — inside `scope` (the caller's
 * area over alias `i`, so every listed case can also be opened and acted on). Overdue first, then the
 * nearest stage deadline, then the newest dispatch; at most `limit`.
 *
 * @example
 * const rows = await workerTasks(db, 'GW2101030010010101', sql`i.community_code = '210103001001'`);
 */
export async function workerTasks(db: Db, workerCode: string, scope: SQL, limit = 200): Promise<TaskRow[]> {
  const mine = sql`(i.assignee_kind = 'grid_worker' AND i.assignee_code = ${workerCode})`;
  const result = await db.execute<TaskRow>(sql`
    SELECT ${incidentColumns('i')}, CASE WHEN ${mine} THEN 'me' ELSE 'grid' END AS "assignedTo"
    FROM incidents i
    WHERE i.status IN (${sql.join(
      taskStatuses.map((s) => sql`${s}`),
      sql`, `,
    )})
      AND (${mine} OR (i.assignee_kind IS DISTINCT FROM 'grid_worker'
        AND i.grid_code IN (SELECT code FROM grid_cells WHERE worker_code = ${workerCode})))
      AND ${scope}
    ORDER BY ${overdueCondition('i')} DESC, ${stageDeadlineSql('i')} ASC NULLS LAST, i.dispatched_at DESC NULLS LAST, i.id DESC
    LIMIT ${limit}`);
  return result.rows;
}
