import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { Principal } from '../../../core/access/roles.ts';
import { actsForOwner, centerLevel, type Owner } from '../../../core/workflow/routing.ts';
import { holderExists } from '../../../db/queries/ownership.ts';
import { holderKpis, holderQueue, listCenters } from '../../../db/queries/ownership-queues.ts';
import { toIncident } from '../../../db/queries/incidents.ts';
import type { RouteHandler } from '../declare.ts';
import { masked } from '../incidents/incident-detail.ts';
import type { holderKpisRoute, holderQueueRoute, listCentersRoute } from './centers.routes.ts';

/** The holder named in the path, checked: a center code of the three levels or a department, which exists and the caller acts for. */
async function holderOf(deps: AppDeps, principal: Principal, code: string, kind: Owner['kind']): Promise<Owner> {
  const holder: Owner = { kind, code };
  if (kind === 'center' && !centerLevel(code))
    throw new ApiError(400, 'invalid_request', `${code} is not a center code (street 9, district 6, city 6 digits ending in 00)`, 'code');
  // out of the caller's area reads as absent, like any scoped resource
  if (!actsForOwner(principal, holder) || !(await holderExists(deps.database.db, holder))) {
    throw new ApiError(404, 'not_found', `no ${kind} ${code} in your area`);
  }
  return holder;
}

/** Centers and departments with what each holds now. */
export const listCentersInScope =
  (deps: AppDeps): RouteHandler<typeof listCentersRoute> =>
  async (c) => {
    const principal = callerOf(c);
    const scope = principal.role === 'admin' ? null : principal.scopeCode;
    return c.json({ items: await listCenters(deps.database.db, scope) });
  };

/** A center's or department's queue, reporters masked by role. */
export const showHolderQueue =
  (deps: AppDeps): RouteHandler<typeof holderQueueRoute> =>
  async (c, { params, query }) => {
    const principal = callerOf(c);
    const holder = await holderOf(deps, principal, params.code, query.kind);
    const rows = await holderQueue(deps.database.db, holder, query);
    // the holder columns leave the row before it becomes an incident: the contract has them as owner/sender only
    const items = rows.map(({ ownerKind, ownerCode, senderKind, senderCode, ...row }) => ({
      ...masked(principal, toIncident(row)),
      owner: { kind: ownerKind as Owner['kind'], code: ownerCode },
      sender: senderKind && senderCode ? { kind: senderKind as Owner['kind'], code: senderCode } : null,
    }));
    return c.json({ holder, items });
  };

/** A center's own KPIs over a period (default the last 365 days). */
export const showHolderKpis =
  (deps: AppDeps): RouteHandler<typeof holderKpisRoute> =>
  async (c, { params, query }) => {
    const principal = callerOf(c);
    const holder = await holderOf(deps, principal, params.code, query.kind);
    const to = query.to ?? new Date().toISOString();
    const from = query.from ?? new Date(Date.parse(to) - 365 * 86_400_000).toISOString();
    if (Date.parse(from) >= Date.parse(to)) throw new ApiError(400, 'invalid_request', 'from must be before to', 'from');
    return c.json({ holder, from, to, ...(await holderKpis(deps.database.db, holder, from, to)) });
  };
