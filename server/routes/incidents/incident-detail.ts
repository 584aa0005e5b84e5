import type { AppDeps } from '../../context.ts';
import type { Principal } from '../../../core/access/roles.ts';
import { maskPersonal } from '../../access/mask.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { Incident, IncidentDetail } from '../../../core/contracts/incidents.ts';
import { toIncident } from '../../../db/queries/incidents.ts';
import { findIncident, incidentHistory } from '../../../db/queries/incidents-read.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { allowedActions } from '../../../core/workflow/machine.ts';
import { listAttachments, toAttachment } from '../../../db/queries/attachments.ts';
import { heldOrInArea, loadRoutingState } from '../../../db/queries/ownership.ts';
import { allowedRouting } from '../../../core/workflow/routing.ts';

/** Who is written into incident_events.actor. */
export const actorOf = (p: Principal) => p.username ?? p.workerCode ?? p.role;
/**
 * The caller's area over the incidents row `i`, widened for commanders by what a center in their area holds
 * (a case transferred in from another street, or handed up from elsewhere, is on their desk).
 */
export const incidentScope = (p: Principal) => {
  const area = scopeCondition(p, incidentScopeColumns('i'));
  return p.role === 'commander' ? heldOrInArea(area, p.scopeCode) : area;
};
/** An incident as the caller may see it: reporter name and phone masked by role. */
export const masked = (p: Principal, incident: Incident) => maskPersonal(p, incident, { reporterName: 'name', reporterPhone: 'phone' });

/**
 * Loads one incident inside the caller's area as the API shape with history and the caller's allowed
 * actions; 404 when missing or out of scope.
 *
 * @example
 * return c.json(await incidentDetail(deps, principalOf(c), 42));
 */
export async function incidentDetail({ database }: AppDeps, principal: Principal, id: number): Promise<IncidentDetail> {
  const row = await findIncident(database.db, id, incidentScope(principal));
  if (!row) throw notFound(`incident ${id}`);
  const incident = masked(principal, toIncident(row));
  const state = { status: row.status, reworkCount: row.reworkCount, extended: row.extended, extensionPending: row.extensionRequestedDays !== null };
  const [history, attachments, routing] = await Promise.all([
    incidentHistory(database.db, id),
    listAttachments(database.db, id),
    loadRoutingState(database.db, id),
  ]);
  return {
    ...incident,
    history,
    allowedActions: allowedActions(state, principal.role),
    attachments: attachments.map(toAttachment),
    holding: routing ? { owner: routing.owner, sender: routing.sender, assists: [...routing.assists] } : undefined,
    allowedRouting: routing ? allowedRouting(routing, principal) : [],
  };
}

/**
 * An incident id from the path: a positive integer, else 400 naming `id`.
 *
 * @example
 * parseId('42') // 42
 */
export const parseId = (raw: string) => {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_id', 'incident id must be a positive integer', 'id');
  return Number(raw);
};
