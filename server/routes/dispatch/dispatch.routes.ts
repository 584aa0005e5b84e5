import { adminOnly } from '../../../core/access/roles.ts';
import {
  adminDepartmentListSchema,
  adminDepartmentSchema,
  createDepartmentSchema,
  departmentCodeParamSchema,
  dispatchCandidatesSchema,
  positionReportSchema,
  updateDepartmentSchema,
  workersOnDutySchema,
} from '../../../core/contracts/dispatch.ts';
import { declareRoute } from '../declare.ts';

// Positions are personal data: only the worker themself writes theirs, only commanders in scope read them.
const workerOnly = { roles: ['grid_worker'] } as const;
const admins = { roles: adminOnly } as const;

export const reportPositionRoute = declareRoute({
  method: 'post',
  path: '/field/position',
  summary: 'The signed-in grid worker’s own position while on duty (at most one per 25 s, else 429 too_frequent)',
  access: workerOnly,
  body: positionReportSchema,
  status: 204,
  errors: [429],
});

export const stopPositionRoute = declareRoute({
  method: 'delete',
  path: '/field/position',
  summary: 'The signed-in grid worker stops sharing their position (off duty): they leave the on-duty layer at once',
  access: workerOnly,
  status: 204,
});

export const dispatchCandidatesRoute = declareRoute({
  method: 'get',
  path: '/incidents/:id/dispatch-candidates',
  summary: 'Whom a case in the caller’s area can be dispatched to: its grid worker, on-duty workers by distance and load, departments',
  access: { roles: ['admin', 'commander'], scoped: true, personal: true },
  response: dispatchCandidatesSchema,
});

export const workersOnDutyRoute = declareRoute({
  method: 'get',
  path: '/layers/workers-on-duty',
  summary: 'Last positions of the grid workers in the commander’s area seen within 10 minutes (GeoJSON), names masked',
  access: { roles: ['commander'], scoped: true, personal: true },
  response: workersOnDutySchema,
  responseTypes: ['application/geo+json'],
});

export const listDepartmentsRoute = declareRoute({
  method: 'get',
  path: '/admin/departments',
  summary: 'Functional departments (职能部门) with the incident categories each handles',
  access: admins,
  response: adminDepartmentListSchema,
});

export const createDepartmentRoute = declareRoute({
  method: 'post',
  path: '/admin/departments',
  summary: 'Add a functional department; its categories must be registered incident categories',
  access: admins,
  body: createDepartmentSchema,
  status: 201,
  response: adminDepartmentSchema,
  errors: [409],
});

export const updateDepartmentRoute = declareRoute({
  method: 'patch',
  path: '/admin/departments/:code',
  summary: 'Rename a department and/or replace the categories it handles',
  access: admins,
  params: departmentCodeParamSchema,
  body: updateDepartmentSchema,
  response: adminDepartmentSchema,
});

export const deleteDepartmentRoute = declareRoute({
  method: 'delete',
  path: '/admin/departments/:code',
  summary: 'Remove a department (409 while open cases are dispatched to it)',
  access: admins,
  params: departmentCodeParamSchema,
  status: 204,
  errors: [409],
});
