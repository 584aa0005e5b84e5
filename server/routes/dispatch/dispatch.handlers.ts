import type { AppDeps } from '../../context.ts';
import type { Principal } from '../../../core/access/roles.ts';
import { callerOf } from '../../access/caller.ts';
import { maskPersonal } from '../../access/mask.ts';
import { notFound } from '../../access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { POSITION_MIN_INTERVAL_S, type Candidate, type DispatchCandidates, type WorkersOnDuty } from '../../../core/contracts/dispatch.ts';
import { findIncident } from '../../../db/queries/incidents-read.ts';
import { departmentCandidates, gridWorkerCandidate, onDutyCandidates, type CandidateRow } from '../../../db/queries/dispatch.ts';
import { recordPosition, stopSharing, workersOnDuty } from '../../../db/queries/positions.ts';
import { workerScopeCondition } from '../../../db/queries/scope.ts';
import { incidentScope, parseId } from '../incidents/incident-detail.ts';
import type { RouteHandler } from '../declare.ts';
import type { dispatchCandidatesRoute, reportPositionRoute, stopPositionRoute, workersOnDutyRoute } from './dispatch.routes.ts';

/** The worker code of a grid-worker account; an account without one has no position to report. */
function ownWorkerCode(principal: Principal): string {
  if (!principal.workerCode) throw new ApiError(403, 'no_worker_code', 'this account is not linked to a grid worker');
  return principal.workerCode;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** A stored candidate as the caller may see it: the name masked by role (张*). */
const candidate = (principal: Principal, row: CandidateRow): Candidate =>
  maskPersonal(
    principal,
    {
      code: row.code,
      name: row.name,
      distanceM: row.distanceM === null ? null : Math.round(row.distanceM),
      openLoad: row.openLoad,
      lastSeenAt: iso(row.lastSeenAt),
      gridCode: row.gridCode,
    },
    { name: 'name' },
  );

/** Stores the caller's own position; a second report within 25 s is a 429 `too_frequent`. */
export const reportPosition =
  (deps: AppDeps): RouteHandler<typeof reportPositionRoute> =>
  async (c, { body }) => {
    const code = ownWorkerCode(callerOf(c));
    const result = await recordPosition(deps.database.db, code, body);
    if (result === 'unknown_worker') throw new ApiError(403, 'no_worker_code', `grid worker ${code} does not exist`);
    if (result === 'too_frequent') {
      c.header('Retry-After', String(POSITION_MIN_INTERVAL_S));
      throw new ApiError(429, 'too_frequent', `at most one position every ${POSITION_MIN_INTERVAL_S} s`);
    }
    return c.body(null, 204);
  };

/** The caller goes off duty: their last position leaves the on-duty layer and candidate lists now. */
export const stopPosition =
  (deps: AppDeps): RouteHandler<typeof stopPositionRoute> =>
  async (c) => {
    await stopSharing(deps.database.db, ownWorkerCode(callerOf(c)));
    return c.body(null, 204);
  };

/**
 * Candidates for one case in the caller's area (404 outside): the grid's worker, on-duty workers in the
 * caller's area ranked by distance + load (core/contracts/dispatch.ts), departments handling the category first.
 */
export const listDispatchCandidates =
  (deps: AppDeps): RouteHandler<typeof dispatchCandidatesRoute> =>
  async (c) => {
    const principal = callerOf(c);
    const id = parseId(c.req.param('id') ?? '');
    const db = deps.database.db;
    const incident = await findIncident(db, id, incidentScope(principal));
    if (!incident) throw notFound(`incident ${id}`);
    const [grid, workers, departments] = await Promise.all([
      gridWorkerCandidate(db, id, incident.gridCode),
      onDutyCandidates(db, id, workerScopeCondition(principal)),
      departmentCandidates(db, incident.category),
    ]);
    const body: DispatchCandidates = {
      gridWorker: grid ? candidate(principal, grid) : null,
      workers: workers.map((row) => candidate(principal, row)),
      departments,
    };
    return c.json(body);
  };

/** The on-duty layer: last fixes (≤ 10 min) of workers in the commander's area, names masked. */
export const listWorkersOnDuty =
  (deps: AppDeps): RouteHandler<typeof workersOnDutyRoute> =>
  async (c) => {
    const principal = callerOf(c);
    const rows = await workersOnDuty(deps.database.db, workerScopeCondition(principal));
    const body: WorkersOnDuty = {
      type: 'FeatureCollection',
      features: rows.map((row) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
        properties: maskPersonal(principal, { code: row.code, name: row.name, lastSeenAt: iso(row.at)!, openLoad: row.openLoad }, { name: 'name' }),
      })),
    };
    // positions move: never from a cache
    c.header('Cache-Control', 'no-store');
    return c.body(JSON.stringify(body), 200, { 'content-type': 'application/geo+json; charset=utf-8' });
  };
