import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { LOAD_PENALTY_M } from '../../core/contracts/dispatch.ts';
import { onDutyCondition, openLoadOf } from './positions.ts';

/**
 * Who a case can be dispatched to: its grid's worker, the on-duty workers ranked by distance and load,
 * and the functional departments, those handling the case's category first.
 */

/** A worker candidate as stored (name unmasked: mask before answering). */
export type CandidateRow = {
  code: string;
  name: string;
  distanceM: number | null;
  openLoad: number;
  lastSeenAt: Date | null;
  gridCode: string | null;
};

/** A department with whether it handles the case's category. */
export type DepartmentCandidateRow = {
  code: string;
  name: string;
  categories: string[];
  handlesCategory: boolean;
};

// Straight-line distance on the spheroid (use_spheroid = true), metres, from the worker's last fix to the case.
const distanceTo = (incidentId: number) => sql`ST_Distance(d.geom::geography, (SELECT geom FROM incidents WHERE id = ${incidentId})::geography, true)`;

/**
 * The worker of the case's grid (grid_cells.worker_code), on duty or not: distance only while on duty,
 * lastSeenAt whenever they are sharing.
 *
 * @example
 * await gridWorkerCandidate(db, 42, '21010300100101')
 */
export async function gridWorkerCandidate(db: Db, incidentId: number, gridCode: string | null): Promise<CandidateRow | null> {
  if (!gridCode) return null;
  const result = await db.execute<CandidateRow>(sql`
    SELECT w.code, w.name, g.code AS "gridCode", d.at AS "lastSeenAt",
      CASE WHEN ${onDutyCondition} THEN ${distanceTo(incidentId)} END AS "distanceM",
      ${openLoadOf(sql.raw('w.code'))} AS "openLoad"
    FROM grid_cells g JOIN grid_workers w ON w.code = g.worker_code
    LEFT JOIN worker_on_duty d ON d.worker_code = w.code
    WHERE g.code = ${gridCode}`);
  return result.rows[0] ?? null;
}

/**
 * On-duty workers (seen within ON_DUTY_MINUTES) in `scope` (a condition over grid_workers `w`), best
 * first: `distanceM + openLoad × LOAD_PENALTY_M` ascending, then code. `gridCode` is the worker's grid
 * nearest the case.
 *
 * @example
 * await onDutyCandidates(db, 42, workerScopeCondition(principal))
 */
export async function onDutyCandidates(db: Db, incidentId: number, scope: SQL, limit = 50): Promise<CandidateRow[]> {
  const result = await db.execute<CandidateRow>(sql`
    SELECT * FROM (
      SELECT w.code, w.name, d.at AS "lastSeenAt", ${distanceTo(incidentId)} AS "distanceM",
        ${openLoadOf(sql.raw('w.code'))} AS "openLoad",
        (SELECT g.code FROM grid_cells g WHERE g.worker_code = w.code
          ORDER BY g.geom <-> (SELECT geom FROM incidents WHERE id = ${incidentId}), g.code LIMIT 1) AS "gridCode"
      FROM worker_on_duty d JOIN grid_workers w ON w.code = d.worker_code
      WHERE ${onDutyCondition} AND ${scope}
    ) c
    ORDER BY c."distanceM" + c."openLoad" * ${LOAD_PENALTY_M}::float8, c.code
    LIMIT ${limit}`);
  return result.rows;
}

/**
 * Every department, those handling `category` first, then by code.
 *
 * @example
 * await departmentCandidates(db, 'city_management')
 */
export async function departmentCandidates(db: Db, category: string): Promise<DepartmentCandidateRow[]> {
  const result = await db.execute<DepartmentCandidateRow>(sql`
    SELECT code, name, categories, ${category} = ANY(categories) AS "handlesCategory"
    FROM departments ORDER BY "handlesCategory" DESC, code`);
  return result.rows;
}
