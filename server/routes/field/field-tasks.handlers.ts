import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import type { FieldTasks } from '../../../core/contracts/field.ts';
import { toIncident } from '../../../db/queries/incidents.ts';
import { workerTasks } from '../../../db/queries/field-tasks.ts';
import type { RouteHandler } from '../declare.ts';
import { incidentScope, masked } from '../incidents/incident-detail.ts';
import type { fieldTasksRoute } from './field-tasks.routes.ts';

/**
 * Lists the caller's inbox (我的待办), reporter data masked as on every case read. A worker account
 * without a worker code has no grids and nothing dispatched to it: an empty list, not an error. The
 * answer is personal and changes with every dispatch, so it is never cached.
 */
export const listFieldTasks =
  ({ database }: AppDeps): RouteHandler<typeof fieldTasksRoute> =>
  async (c) => {
    const principal = callerOf(c);
    const rows = principal.workerCode ? await workerTasks(database.db, principal.workerCode, incidentScope(principal)) : [];
    const body: FieldTasks = {
      items: rows.map(({ assignedTo, ...row }) => ({ ...masked(principal, toIncident(row)), assignedTo })),
      serverTime: new Date().toISOString(),
    };
    c.header('Cache-Control', 'private, no-store');
    return c.json(body);
  };
