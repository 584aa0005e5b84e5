import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { access } from '../../access/policy.ts';
import { everyone, publicPrincipal, staff, type Principal } from '../../../core/access/roles.ts';
import { maskPersonal } from '../../access/mask.ts';
import { inScope } from '../../../core/access/scope.ts';
import { ApiError } from '../../middleware/errors.ts';
import { locateQuerySchema, nearbyIncidentsQuerySchema, type LocateResult } from '../../../core/contracts/field.ts';
import { toWgs84, type LonLat } from '../../../core/contracts/field-coords.ts';
import { locateWithSites, type LocatedAreas } from '../../../db/queries/locate.ts';
import { nearbyOpenIncidents } from '../../../db/queries/locate-incidents.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { fieldCategories } from '../../../db/queries/locate-field.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';

export const mediationKinds = ['mediation_point', 'mediation_room'] as const;
export const watchKinds = ['watch_post'] as const;
const nearestCount = 5;

/** A converted point must still be a coordinate (bd09 → wgs84 near the poles can leave the range). */
function checked(point: LonLat): LonLat {
  if (!(Math.abs(point.lon) <= 180 && Math.abs(point.lat) <= 90)) {
    throw new ApiError(400, 'invalid_request', 'lon/lat: the converted position is not a coordinate', 'lon');
  }
  return point;
}

/**
 * The grid's worker as the caller may see them: masked name and phone inside the caller's area (or
 * the caller's own grid), only the code and employment outside it.
 */
function visibleWorker(principal: Principal, areas: LocatedAreas): LocateResult['worker'] {
  const worker = areas.worker;
  if (!worker || !areas.grid) return null;
  const own = principal.role === 'grid_worker' && principal.workerCode === worker.code;
  const visible = own || inScope(principal, areas.grid.code);
  if (!visible) return { code: worker.code, name: null, phone: null, employment: worker.employment, inScope: false };
  return { ...maskPersonal(principal, { code: worker.code, name: worker.name, phone: worker.phone }, { name: 'name', phone: 'phone' }), employment: worker.employment, inScope: true };
}

/**
 * `/api/locate`: where am I (district → grid, responsible worker), the nearest mediation sites and
 * watch posts; `/api/locate/incidents`: open incidents of a category nearby (duplicate hints);
 * `/api/field/categories`: the report form's categories and dispute types.
 * Staff only: the answer names a person (masked) and depends on the caller, so it is never cached.
 */
export const locateRoutes = ({ database }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/locate', access({ roles: staff, scoped: true, personal: true }), async (c) => {
      const principal = c.get('principal') ?? publicPrincipal;
      const query = locateQuerySchema.parse(c.req.query());
      const point = checked(toWgs84(query, query.crs));
      const { areas, first: mediationSites, second: watchPosts } = await locateWithSites(database, point, mediationKinds, watchKinds, nearestCount);
      if (!areas) {
        throw new ApiError(404, 'outside_city', `(${query.lon}, ${query.lat}) is outside the city: no district contains this point`);
      }
      c.header('Cache-Control', 'private, no-store');
      const { worker: _clear, ...rest } = areas;
      const body: LocateResult = { location: point, ...rest, worker: visibleWorker(principal, areas), mediationSites, watchPosts };
      return c.json(body);
    })
    .get('/locate/incidents', access({ roles: staff, scoped: true }), async (c) => {
      const principal = c.get('principal') ?? publicPrincipal;
      const query = nearbyIncidentsQuerySchema.parse(c.req.query());
      const scope = scopeCondition(principal, incidentScopeColumns('i'));
      const items = await nearbyOpenIncidents(database.db, query, query.category, query.radius, scope);
      c.header('Cache-Control', 'private, no-store');
      return c.json({ items });
    })
    .get('/field/categories', access({ roles: everyone }), async (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.json(await fieldCategories(database.db));
    });
