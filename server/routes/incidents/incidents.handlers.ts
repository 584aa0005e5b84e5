import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { notFound } from '../../access/scope.ts';
import { idempotencyConflict, idempotencyKeyOf, requestHash, idempotencyOwner } from '../../access/idempotency.ts';
import { inScope } from '../../../core/access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { ActionRequest, IncidentDetail, IncidentList } from '../../../core/contracts/incidents.ts';
import { assigneeExists, createIncident, loadCategory, toCaseRecord, toIncident } from '../../../db/queries/incidents.ts';
import { decodeCursor, findIncident, listIncidents } from '../../../db/queries/incidents-read.ts';
import { applyTransition } from '../../../db/queries/incidents-workflow.ts';
import { claimActionKey, inActionTransaction } from '../../../db/queries/incident-action-keys.ts';
import type { Db } from '../../../db/client.ts';
import type { Principal } from '../../../core/access/roles.ts';
import { allowedActions, rolesFor } from '../../../core/workflow/machine.ts';
import { initialRecord, planAction } from '../../../core/workflow/plan.ts';
import type { RouteHandler } from '../declare.ts';
import type { WorkCalendar } from '../../../core/workflow/worktime.ts';
import type { Channel } from '../../../db/queries/notifications.ts';
import { workCalendar } from '../../workflow/calendar.ts';
import { channelsOf } from '../../workflow/channels.ts';
import { actorOf, incidentDetail, incidentScope, masked, parseId } from './incident-detail.ts';
import type { incidentActionRoute, incidentDetailRoute, listIncidentsRoute, reportIncidentRoute } from './incidents.routes.ts';

/**
 * Reports an incident. A reporter outside their own area may report (a worker passing by) but reads the
 * case back only in scope; a repeated Idempotency-Key answers the first report with 200.
 */
export const reportIncident =
  (deps: AppDeps): RouteHandler<typeof reportIncidentRoute> =>
  async (c, { body }) => {
    const principal = callerOf(c);
    // the key is the caller's own, and a reuse with another body is a 409 (server/access/idempotency.ts)
    const key = idempotencyKeyOf(c.req.header('idempotency-key'), body.idempotencyKey, 'idempotencyKey');
    const db = deps.database.db;
    const reply = async (id: number, status: 200 | 201) => {
      const detail = await incidentDetail(deps, principal, id).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return undefined;
        throw error;
      });
      return detail ? c.json(detail, status) : c.json({ id, status: 'reported' as const }, status);
    };

    const category = await loadCategory(db, body.category, body.disputeType);
    if (!category) throw new ApiError(400, 'unknown_category', `unknown category ${body.category}`, 'category');
    if (category.group === 'dispute' && !body.disputeType) {
      throw new ApiError(400, 'invalid_request', 'a dispute needs disputeType', 'disputeType');
    }
    if (body.disputeType && category.group !== 'dispute') {
      throw new ApiError(400, 'invalid_request', `disputeType only applies to dispute categories, not ${body.category}`, 'disputeType');
    }
    if (body.disputeType && !category.disputeTypeExists) {
      throw new ApiError(400, 'unknown_dispute_type', `unknown dispute type ${body.disputeType}`, 'disputeType');
    }
    const now = new Date();
    const keyHash = key === null ? null : requestHash(body);
    const result = await createIncident(db, body, {
      key,
      keyOwner: idempotencyOwner(principal),
      keyHash,
      actor: actorOf(principal),
      now,
      record: initialRecord(category.rules, now, await workCalendar(deps.database)),
    });
    if (result.kind === 'outside') {
      throw new ApiError(422, 'outside_city', `location ${body.location.lon},${body.location.lat} is in no grid cell of the city`, 'location');
    }
    if (result.kind === 'existing') {
      if (!result.sameRequest) throw idempotencyConflict('idempotencyKey');
      return reply(result.id, 200);
    }
    // New: answered from the insert's own RETURNING (no second read on the hot path).
    const incident = toIncident(result.row);
    if (!inScope(principal, incident.gridCode)) return c.json({ id: result.id, status: 'reported' as const }, 201);
    const state = { status: incident.status, reworkCount: 0, extended: false, extensionPending: false };
    const detail: IncidentDetail = { ...masked(principal, incident), history: [result.event], allowedActions: allowedActions(state, principal.role) };
    return c.json(detail, 201);
  };

/** Lists incidents in the caller's area (filters in SQL, keyset cursor), reporters masked. */
export const listIncidentsInScope =
  (deps: AppDeps): RouteHandler<typeof listIncidentsRoute> =>
  async (c, { query }) => {
    const principal = callerOf(c);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (query.cursor && !cursor) throw new ApiError(400, 'invalid_cursor', 'cursor is not one this API returned', 'cursor');
    const page = await listIncidents(deps.database.db, incidentScope(principal), { ...query, cursor });
    const body: IncidentList = { items: page.rows.map((row) => masked(principal, toIncident(row))), nextCursor: page.nextCursor };
    return c.json(body);
  };

/** One incident with history and the caller's allowed actions. */
export const showIncident =
  (deps: AppDeps): RouteHandler<typeof incidentDetailRoute> =>
  async (c) =>
    c.json(await incidentDetail(deps, callerOf(c), parseId(c.req.param('id') ?? '')));

/** Field actions a grid worker takes on a case dispatched to them (not to a colleague). */
const ownCaseActions: ReadonlySet<string> = new Set(['accept', 'report_back', 'request_extension']);

/**
 * Plans and writes one action on `db` (the pool, or the action-key transaction): re-planned on the new
 * state if another process moved the case between read and write.
 */
async function planAndApply(
  db: Db,
  principal: Principal,
  id: number,
  body: ActionRequest,
  context: { calendar: WorkCalendar; channels: readonly Channel[] },
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await findIncident(db, id, incidentScope(principal));
    if (!row) throw notFound(`incident ${id}`);
    // a worker's queued action on a case reassigned meanwhile must not act on a colleague's case
    if (
      principal.role === 'grid_worker' &&
      ownCaseActions.has(body.action) &&
      row.assigneeKind === 'grid_worker' &&
      row.assigneeCode !== principal.workerCode
    ) {
      throw new ApiError(409, 'not_assignee', `incident ${id} is assigned to another grid worker`);
    }
    const category = await loadCategory(db, row.category);
    if (!category) throw new Error(`incident ${id} has unregistered category ${row.category}`);
    const now = new Date();
    const before = toCaseRecord(row);
    const plan = planAction(before, body.action, body, category.rules, { now, isDispute: category.group === 'dispute', calendar: context.calendar });
    if (!plan.ok) {
      throw new ApiError(plan.status, plan.status === 409 ? 'illegal_transition' : 'invalid_request', plan.message, plan.field);
    }
    const applied = await applyTransition(
      db,
      id,
      { before, next: plan.next, action: body.action, actor: actorOf(principal), note: body.note, detail: plan.event.detail, now },
      context.channels,
    );
    if (applied) return;
  }
  throw new ApiError(409, 'conflict', 'the case kept changing while this action was applied; reload and retry');
}

/**
 * One workflow step. Wrong role → 403, illegal in the current state → 409 naming the allowed actions,
 * missing input → 400 naming the field. With an `Idempotency-Key` (the field app's offline queue) the key
 * is claimed in the transaction of the step: a repeat by the same caller answers the case as it is and
 * applies nothing; the same key with another body is a 409 `idempotency_conflict`.
 */
export const applyIncidentAction =
  (deps: AppDeps): RouteHandler<typeof incidentActionRoute> =>
  async (c, { body }) => {
    const principal = callerOf(c);
    const id = parseId(c.req.param('id') ?? '');
    const db = deps.database.db;
    if (!rolesFor(body.action).includes(principal.role)) {
      throw new ApiError(403, 'forbidden', `role ${principal.role} may not ${body.action}; allowed roles: ${rolesFor(body.action).join(', ')}`);
    }
    if (body.assignee && !(await assigneeExists(db, body.assignee))) {
      throw new ApiError(400, 'unknown_assignee', `no ${body.assignee.kind} with code ${body.assignee.code}`, 'assignee.code');
    }
    const key = idempotencyKeyOf(c.req.header('idempotency-key'), undefined, 'Idempotency-Key');
    const context = { calendar: await workCalendar(deps.database), channels: channelsOf(deps.env) };
    if (key === null) {
      await planAndApply(db, principal, id, body, context);
      return c.json(await incidentDetail(deps, principal, id));
    }
    // found first: the key row references the incident, and a missing one is a 404, not a key error
    if (!(await findIncident(db, id, incidentScope(principal)))) throw notFound(`incident ${id}`);
    const claim = await inActionTransaction(deps.database, async (tx) => {
      const found = await claimActionKey(tx, {
        owner: idempotencyOwner(principal),
        key,
        incidentId: id,
        action: body.action,
        hash: requestHash({ ...body, incidentId: id }),
      });
      if (found.kind === 'new') await planAndApply(tx, principal, id, body, context);
      return found;
    });
    if (claim.kind === 'existing' && !claim.sameRequest) throw idempotencyConflict('Idempotency-Key');
    return c.json(await incidentDetail(deps, principal, id));
  };
