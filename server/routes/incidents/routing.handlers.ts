import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { findIncident } from '../../../db/queries/incidents-read.ts';
import { applyRouting, holderExists, loadRoutingState } from '../../../db/queries/ownership.ts';
import { planRouting } from '../../../core/workflow/routing.ts';
import type { RouteHandler } from '../declare.ts';
import { channelsOf } from '../../workflow/channels.ts';
import { actorOf, incidentDetail, incidentScope, parseId } from './incident-detail.ts';
import type { incidentRoutingRoute } from './incidents.routes.ts';

/**
 * One move of a case between centers and departments (上报 / 流转 / 退回 / 协办): planned by
 * core/workflow/routing.ts on the case's current holder, checked against the database (the target center
 * or departments exist), written with its history, notice and live event in one statement. 403 when the
 * caller does not act for the holder, 409 when the move is illegal now, 400 naming the field.
 */
export const routeIncident =
  (deps: AppDeps): RouteHandler<typeof incidentRoutingRoute> =>
  async (c, { body }) => {
    const principal = callerOf(c);
    const id = parseId(c.req.param('id') ?? '');
    const db = deps.database.db;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await findIncident(db, id, incidentScope(principal)))) throw notFound(`incident ${id}`);
      const before = await loadRoutingState(db, id);
      if (!before) throw notFound(`incident ${id}`);
      const plan = planRouting(before, body.action, body, principal);
      if (!plan.ok) {
        const code = plan.status === 403 ? 'forbidden' : plan.status === 409 ? 'illegal_transition' : 'invalid_request';
        throw new ApiError(plan.status, code, plan.message, plan.field);
      }
      if (body.action === 'transfer' && !(await holderExists(db, plan.next.owner!))) {
        throw new ApiError(400, 'unknown_holder', `no ${plan.next.owner!.kind} with code ${plan.next.owner!.code}`, 'to.code');
      }
      if (body.action === 'co_handle') {
        for (const code of body.departments ?? []) {
          if (!(await holderExists(db, { kind: 'department', code })))
            throw new ApiError(400, 'unknown_holder', `no department with code ${code}`, 'departments');
        }
      }
      const applied = await applyRouting(
        db,
        id,
        { before, next: plan.next, action: body.action, actor: actorOf(principal), reason: plan.detail.reason, detail: plan.detail, now: new Date() },
        channelsOf(deps.env),
      );
      if (applied) {
        // the sender keeps seeing what it sent (db/queries/ownership.ts heldOrInArea), so this is the usual answer
        const detail = await incidentDetail(deps, principal, id).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return undefined;
          throw error;
        });
        if (detail) return c.json(detail);
        throw new ApiError(409, 'moved_out_of_scope', `incident ${id} moved to ${plan.next.owner!.code}, outside your area`);
      }
    }
    throw new ApiError(409, 'conflict', 'the case kept moving while this was applied; reload and retry');
  };
