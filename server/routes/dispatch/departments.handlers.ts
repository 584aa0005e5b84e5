import type { AppDeps } from '../../context.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { AdminDepartment } from '../../../core/contracts/dispatch.ts';
import type { Db } from '../../../db/client.ts';
import {
  deleteDepartment,
  insertDepartments,
  listDepartments,
  unknownCategories,
  updateDepartment,
  type DepartmentRow,
} from '../../../db/queries/dispatch-departments.ts';
import type { RouteHandler } from '../declare.ts';
import type { createDepartmentRoute, deleteDepartmentRoute, listDepartmentsRoute, updateDepartmentRoute } from './dispatch.routes.ts';

const toDepartment = (row: DepartmentRow): AdminDepartment => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() });

/** 400 naming `categories` when a code is not a registered incident category. */
async function checkCategories(db: Db, categories: string[] | undefined) {
  const unknown = await unknownCategories(db, categories ?? []);
  if (unknown.length) throw new ApiError(400, 'unknown_category', `unknown incident categories: ${unknown.join(', ')}`, 'categories');
}

const missing = (code: string) => new ApiError(404, 'not_found', `department ${code} not found`);

/** Every department. */
export const listAllDepartments =
  (deps: AppDeps): RouteHandler<typeof listDepartmentsRoute> =>
  async (c) =>
    c.json({ items: (await listDepartments(deps.database.db)).map(toDepartment) });

/** Adds a department; a taken code is a 409 naming `code`. */
export const createDepartment =
  (deps: AppDeps): RouteHandler<typeof createDepartmentRoute> =>
  async (c, { body }) => {
    const db = deps.database.db;
    const categories = [...new Set(body.categories)];
    await checkCategories(db, categories);
    const [row] = await insertDepartments(db, [{ ...body, categories }], { source: 'admin' });
    if (!row) throw new ApiError(409, 'department_exists', `department ${body.code} exists`, 'code');
    return c.json(toDepartment(row), 201);
  };

/** Renames a department and/or replaces its categories. */
export const editDepartment =
  (deps: AppDeps): RouteHandler<typeof updateDepartmentRoute> =>
  async (c, { params, body }) => {
    const db = deps.database.db;
    const categories = body.categories && [...new Set(body.categories)];
    await checkCategories(db, categories);
    const row = await updateDepartment(db, params.code, { name: body.name, categories });
    if (!row) throw missing(params.code);
    return c.json(toDepartment(row));
  };

/** Removes a department unless open cases are dispatched to it. */
export const removeDepartment =
  (deps: AppDeps): RouteHandler<typeof deleteDepartmentRoute> =>
  async (c, { params }) => {
    const result = await deleteDepartment(deps.database.db, params.code);
    if (result === 'missing') throw missing(params.code);
    if (result === 'in_use') throw new ApiError(409, 'department_in_use', `open cases are dispatched to department ${params.code}`, 'code');
    return c.body(null, 204);
  };
