import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { maskPersonal } from '../../access/mask.ts';
import { assertInScope } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { readAreaCard } from '../../../db/tiles/card.ts';
import { incidentStatuses } from '../../../db/tiles/incidents.ts';
import type { AreaCard, GridWorkerContact } from '../../../core/contracts/map.ts';
import type { RouteHandler } from '../declare.ts';
import { scopePrefix, type LayerData } from './layer-data.ts';
import type { areaCardRoute, areaWorkerRoute, coverageLayerRoute, incidentDensityRoute, incidentLayerRoute } from './layers.routes.ts';
import { sendPayload } from './send-payload.ts';

const WIRE = 'application/octet-stream';

/** The status filter is free text in the contract; the layer's own status list decides what exists. */
function checkStatuses(statuses: string[] | undefined) {
  const unknown = statuses?.find((s) => !(incidentStatuses as readonly string[]).includes(s));
  if (unknown) throw new ApiError(400, 'invalid_request', `status: unknown status "${unknown}"; one of ${incidentStatuses.join(', ')}`, 'status');
}

/** The public info card of an area: the grid worker is named only through the personal route below. */
export const showAreaCard =
  ({ database }: AppDeps): RouteHandler<typeof areaCardRoute> =>
  async (c, { params: { code } }) => {
    const card = await readAreaCard(database, code);
    if (!card) throw new ApiError(404, 'not_found', `area ${code} not found`, 'code');
    const worker = card.worker ? { ...card.worker, name: null, phone: null } : null;
    return c.json({ ...card, worker } satisfies AreaCard);
  };

/** The responsible grid worker of an area in the caller's scope, masked by role. */
export const showAreaWorker =
  ({ database }: AppDeps): RouteHandler<typeof areaWorkerRoute> =>
  async (c, { params: { code } }) => {
    const principal = callerOf(c);
    assertInScope(principal, code, `area ${code}`);
    const card = await readAreaCard(database, code, 0);
    if (!card?.worker) throw new ApiError(404, 'not_found', `area ${code} has no responsible grid worker`, 'code');
    return c.json(maskPersonal(principal, card.worker, { name: 'name', phone: 'phone' }) satisfies GridWorkerContact);
  };

/** Per-cell-month incident counts for anyone, read as the public whoever asks (one cache entry for all). */
export const serveIncidentDensity =
  (data: LayerData): RouteHandler<typeof incidentDensityRoute> =>
  async (c, { query }) => {
    checkStatuses(query.status);
    return sendPayload(c, await data.incidents({ role: 'public', scopeCode: null }, query), WIRE);
  };

/** Individual incidents in the caller's area. */
export const serveIncidentLayer =
  (data: LayerData): RouteHandler<typeof incidentLayerRoute> =>
  async (c, { query }) => {
    checkStatuses(query.status);
    return sendPayload(c, await data.incidents(callerOf(c), query), WIRE);
  };

/** Volunteer coverage of the requested area, narrowed to the caller's own. */
export const serveCoverageLayer =
  (data: LayerData): RouteHandler<typeof coverageLayerRoute> =>
  async (c, { query }) => {
    const prefix = scopePrefix(callerOf(c), query.area);
    if (prefix === null) throw new ApiError(404, 'not_found', `area ${query.area ?? ''} not found`, 'area');
    return sendPayload(c, await data.coverage(query.radius, prefix), 'application/json');
  };
