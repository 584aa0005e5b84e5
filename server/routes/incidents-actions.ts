import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.ts';
import { access, staff } from '../access/policy.ts';
import { readJson } from '../access/body.ts';
import { notFound } from '../access/scope.ts';
import { ApiError } from '../middleware/errors.ts';
import { actionRequestSchema } from '../contracts/incidents.ts';
import { assigneeExists, loadCategory, toCaseRecord } from '../../db/queries/incidents.ts';
import { findIncident } from '../../db/queries/incidents-read.ts';
import { applyTransition } from '../../db/queries/incidents-workflow.ts';
import { rolesFor } from '../workflow/machine.ts';
import { planAction } from '../workflow/plan.ts';
import { actorOf, incidentDetail, incidentScope, parseId, principalOf } from './incidents.ts';

/**
 * `POST /api/incidents/:id/actions {action, …}`: one workflow step. Wrong role → 403, illegal in the
 * current state → 409 naming the allowed actions, missing input → 400 naming the field. Optimistic:
 * if another process moved the case between read and write, the action is re-planned on the new state.
 */
export const incidentActionRoutes = (deps: AppDeps) =>
  new Hono<AppEnv>().post('/incidents/:id/actions', access({ roles: staff, scoped: true, personal: true }), async (c) => {
    const principal = principalOf(c);
    const id = parseId(c.req.param('id'));
    const body = await readJson(c, actionRequestSchema);
    const db = deps.database.db;
    if (!rolesFor(body.action).includes(principal.role)) {
      throw new ApiError(403, 'forbidden', `role ${principal.role} may not ${body.action}; allowed roles: ${rolesFor(body.action).join(', ')}`);
    }
    if (body.assignee && !(await assigneeExists(db, body.assignee))) {
      throw new ApiError(400, 'unknown_assignee', `no ${body.assignee.kind} with code ${body.assignee.code}`, 'assignee.code');
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await findIncident(db, id, incidentScope(principal));
      if (!row) throw notFound(`incident ${id}`);
      const category = await loadCategory(db, row.category);
      if (!category) throw new Error(`incident ${id} has unregistered category ${row.category}`);
      const now = new Date();
      const before = toCaseRecord(row);
      const plan = planAction(before, body.action, body, category.rules, { now, isDispute: category.group === 'dispute' });
      if (!plan.ok) {
        throw new ApiError(plan.status, plan.status === 409 ? 'illegal_transition' : 'invalid_request', plan.message, plan.field);
      }
      const applied = await applyTransition(db, id, {
        before,
        next: plan.next,
        action: body.action,
        actor: actorOf(principal),
        note: body.note,
        detail: plan.event.detail,
        now,
      });
      if (applied) return c.json(await incidentDetail(deps, principal, id));
    }
    throw new ApiError(409, 'conflict', 'the case kept changing while this action was applied; reload and retry');
  });
