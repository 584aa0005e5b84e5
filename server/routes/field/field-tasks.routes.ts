import { fieldTasksSchema } from '../../../core/contracts/field.ts';
import { declareRoute } from '../declare.ts';

/**
 * The grid worker's inbox. Grid workers only: commanders and admins work cases from /command/, where the
 * lists cover their whole area; an inbox of "my" cases means nothing for them (403).
 */
export const fieldTasksRoute = declareRoute({
  method: 'get',
  path: '/field/tasks',
  summary: 'The signed-in grid worker’s open cases (dispatched to them or to their grids): overdue first, then nearest deadline',
  access: { roles: ['grid_worker'], scoped: true, personal: true },
  response: fieldTasksSchema,
});
