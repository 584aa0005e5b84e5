import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount } from '../declare.ts';
import {
  createDepartmentRoute,
  deleteDepartmentRoute,
  dispatchCandidatesRoute,
  listDepartmentsRoute,
  reportPositionRoute,
  stopPositionRoute,
  updateDepartmentRoute,
  workersOnDutyRoute,
} from './dispatch.routes.ts';
import { listDispatchCandidates, listWorkersOnDuty, reportPosition, stopPosition } from './dispatch.handlers.ts';
import { createDepartment, editDepartment, listAllDepartments, removeDepartment } from './departments.handlers.ts';

/**
 * Dispatch by picking (issue #12 item 3): the field phone's position reports and going off duty, the
 * candidates of a case, the on-duty layer, and the admins' functional departments.
 *
 * @example
 * api.route('/', dispatchRoutes(deps));
 */
export function dispatchRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, reportPositionRoute, reportPosition(deps));
  mount(app, stopPositionRoute, stopPosition(deps));
  mount(app, dispatchCandidatesRoute, listDispatchCandidates(deps));
  mount(app, workersOnDutyRoute, listWorkersOnDuty(deps));
  mount(app, listDepartmentsRoute, listAllDepartments(deps));
  mount(app, createDepartmentRoute, createDepartment(deps));
  mount(app, updateDepartmentRoute, editDepartment(deps));
  mount(app, deleteDepartmentRoute, removeDepartment(deps));
  return app;
}
