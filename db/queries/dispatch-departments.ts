import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';

/** The admin's CRUD of functional departments (职能部门); categories are codes of incident_categories. */

export type DepartmentRow = {
  code: string;
  name: string;
  categories: string[];
  synthetic: boolean;
  updatedAt: Date;
};

const columns = sql`code, name, categories, synthetic, updated_at AS "updatedAt"`;
// Arrays travel as one JSON parameter: drizzle would expand a JS array into a list of parameters.
const textArray = (values: string[]) => sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/**
 * The given category codes that are not in the registry (empty when all exist).
 *
 * @example
 * await unknownCategories(db, ['city_management', 'nope']) // ['nope']
 */
export async function unknownCategories(db: Db, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const result = await db.execute<{ code: string }>(sql`
    SELECT c AS code FROM unnest(${textArray(codes)}) c WHERE NOT EXISTS (SELECT 1 FROM incident_categories k WHERE k.code = c)`);
  return result.rows.map((row) => row.code);
}

/** Every department by code. */
export async function listDepartments(db: Db): Promise<DepartmentRow[]> {
  return (await db.execute<DepartmentRow>(sql`SELECT ${columns} FROM departments ORDER BY code`)).rows;
}

/**
 * Inserts departments; an existing code is left as it is. Returns the rows inserted (none when the code
 * was taken).
 *
 * @example
 * await insertDepartments(db, [{ code: 'CG', name: '城管执法局', categories: ['city_management'] }], { source: 'admin' })
 */
export async function insertDepartments(
  db: Db,
  rows: { code: string; name: string; categories: string[] }[],
  options: { source: string; synthetic?: boolean },
): Promise<DepartmentRow[]> {
  const inserted: DepartmentRow[] = [];
  for (const row of rows) {
    const result = await db.execute<DepartmentRow>(sql`
      INSERT INTO departments (code, name, categories, synthetic, source)
      VALUES (${row.code}, ${row.name}, ${textArray(row.categories)}, ${options.synthetic ?? false}, ${options.source})
      ON CONFLICT (code) DO NOTHING RETURNING ${columns}`);
    inserted.push(...result.rows);
  }
  return inserted;
}

/**
 * Renames a department and/or replaces its categories; undefined when there is no such code.
 *
 * @example
 * await updateDepartment(db, 'CG', { categories: ['city_management', 'environment'] })
 */
export async function updateDepartment(db: Db, code: string, change: { name?: string; categories?: string[] }): Promise<DepartmentRow | undefined> {
  const result = await db.execute<DepartmentRow>(sql`
    UPDATE departments SET
      name = coalesce(${change.name ?? null}::text, name),
      categories = ${change.categories ? textArray(change.categories) : sql`categories`},
      updated_at = now()
    WHERE code = ${code} RETURNING ${columns}`);
  return result.rows[0];
}

/**
 * Deletes a department unless open cases are dispatched to it (their assignee would point nowhere).
 *
 * @example
 * await deleteDepartment(db, 'CG') // 'deleted' | 'missing' | 'in_use'
 */
export async function deleteDepartment(db: Db, code: string): Promise<'deleted' | 'missing' | 'in_use'> {
  // one statement: the in-use check and the delete cannot be split by a dispatch in between
  const result = await db.execute<{ found: boolean; busy: boolean; deleted: number }>(sql`
    WITH busy AS (SELECT EXISTS (SELECT 1 FROM incidents WHERE assignee_kind = 'department' AND assignee_code = ${code}
        AND status IN ('dispatched', 'handling', 'feedback', 'verifying')) AS busy),
    del AS (DELETE FROM departments WHERE code = ${code} AND NOT (SELECT busy FROM busy) RETURNING code)
    SELECT EXISTS (SELECT 1 FROM departments WHERE code = ${code}) AS found, (SELECT busy FROM busy) AS busy,
      (SELECT count(*) FROM del)::int AS deleted`);
  const row = result.rows[0]!;
  if (row.deleted > 0) return 'deleted';
  return row.found ? 'in_use' : 'missing';
}
