import type { Principal } from '../../../core/access/roles.ts';
import { inScope } from '../../../core/access/scope.ts';
import { maskPersonal } from '../../access/mask.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { LocateResult } from '../../../core/contracts/field.ts';
import type { LonLat } from '../../../core/contracts/field-coords.ts';
import type { LocatedAreas } from '../../../db/queries/locate.ts';

/** Sites per list of `/locate`; which kinds go in which list is the registry's locate_group (site_kinds). */
export const nearestCount = 5;
/** The seeded groups (migration 0021), for benchmarks that call the query without the registry. */
export const mediationKinds = ['mediation_point', 'mediation_room'] as const;
export const watchKinds = ['watch_post'] as const;

/**
 * A converted point, if it is still a coordinate (bd09 → wgs84 near the poles can leave the range);
 * else 400 naming `lon`.
 *
 * @example
 * const point = checkedPoint(toWgs84(query, query.crs));
 */
export function checkedPoint(point: LonLat): LonLat {
  if (!(Math.abs(point.lon) <= 180 && Math.abs(point.lat) <= 90)) {
    throw new ApiError(400, 'invalid_request', 'lon/lat: the converted position is not a coordinate', 'lon');
  }
  return point;
}

/**
 * The grid's worker as the caller may see them: masked name and phone inside the caller's area (or
 * the caller's own grid), only the code and employment outside it.
 *
 * @example
 * const worker = visibleWorker(principal, areas);
 */
export function visibleWorker(principal: Principal, areas: LocatedAreas): LocateResult['worker'] {
  const worker = areas.worker;
  if (!worker || !areas.grid) return null;
  const own = principal.role === 'grid_worker' && principal.workerCode === worker.code;
  const visible = own || inScope(principal, areas.grid.code);
  if (!visible) return { code: worker.code, name: null, phone: null, employment: worker.employment, inScope: false };
  return {
    ...maskPersonal(principal, { code: worker.code, name: worker.name, phone: worker.phone }, { name: 'name', phone: 'phone' }),
    employment: worker.employment,
    inScope: true,
  };
}
