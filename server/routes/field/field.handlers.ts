import type { AppDeps } from '../../context.ts';
import { callerOf } from '../../access/caller.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { LocateResult, SearchResult } from '../../../core/contracts/field.ts';
import { toWgs84 } from '../../../core/contracts/field-coords.ts';
import { locateWithSites } from '../../../db/queries/locate.ts';
import { nearbyOpenIncidents } from '../../../db/queries/locate-incidents.ts';
import { incidentScopeColumns } from '../../../db/queries/incidents-area.ts';
import { fieldCategories } from '../../../db/queries/locate-field.ts';
import { scopeCondition } from '../../../db/queries/scope.ts';
import { searchPlaces } from '../../../db/queries/search.ts';
import { ensureSearchIndex } from '../../../db/queries/search-index.ts';
import { withWorkers } from './search-workers.ts';
import type { RouteHandler } from '../declare.ts';
import type { fieldCategoriesRoute, locateRoute, nearbyIncidentsRoute, searchRoute } from './field.routes.ts';
import { nearestSites } from '../../../db/queries/locate-sites.ts';
import { kindsOfGroup, siteKindRegistry } from '../site-kinds/registry.ts';
import { checkedPoint, nearestCount, visibleWorker } from './locate-answer.ts';

/**
 * Locates a point; 404 outside the city. The answer names a person and depends on the caller, so it is
 * never cached.
 */
export const locatePoint =
  ({ database }: AppDeps): RouteHandler<typeof locateRoute> =>
  async (c, { query }) => {
    const principal = callerOf(c);
    const point = checkedPoint(toWgs84(query, query.crs));
    const { kinds } = await siteKindRegistry(database);
    const otherKinds = kindsOfGroup(kinds, 'other');
    // the 'other' list is a second round trip, paid only while some kind is in that group
    const [{ areas, first: mediationSites, second: watchPosts }, otherSites] = await Promise.all([
      locateWithSites(database, point, kindsOfGroup(kinds, 'mediation'), kindsOfGroup(kinds, 'watch'), nearestCount),
      otherKinds.length ? nearestSites(database.db, point, otherKinds, nearestCount) : [],
    ]);
    if (!areas) {
      throw new ApiError(404, 'outside_city', `(${query.lon}, ${query.lat}) is outside the city: no district contains this point`);
    }
    c.header('Cache-Control', 'private, no-store');
    const { worker: _clear, ...rest } = areas;
    const body: LocateResult = { location: point, ...rest, worker: visibleWorker(principal, areas), mediationSites, watchPosts, otherSites };
    return c.json(body);
  };

/** Open incidents of a category near a point, inside the caller's area (scoped in SQL; never cached). */
export const listNearbyIncidents =
  ({ database }: AppDeps): RouteHandler<typeof nearbyIncidentsRoute> =>
  async (c, { query }) => {
    const scope = scopeCondition(callerOf(c), incidentScopeColumns('i'));
    const items = await nearbyOpenIncidents(database.db, query, query.category, query.radius, scope);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ items });
  };

/** The report form's categories and dispute types. */
export const listFieldCategories =
  ({ database }: AppDeps): RouteHandler<typeof fieldCategoriesRoute> =>
  async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json(await fieldCategories(database.db));
  };

/** Searches places; the search index is rebuilt first if its source tables changed. */
export const searchPlacesByName =
  ({ database }: AppDeps): RouteHandler<typeof searchRoute> =>
  async (c, { query }) => {
    await ensureSearchIndex(database);
    const principal = callerOf(c);
    const places = await searchPlaces(database, query.q, query.limit);
    const body: SearchResult = { query: query.q, items: await withWorkers(database.db, principal, query.q, places, query.limit) };
    // an answer naming grid workers is a personal-data read: the audit middleware records it like a `personal` route
    if (body.items.some((hit) => hit.kind === 'worker')) c.set('accessPolicy', { ...c.get('accessPolicy')!, personal: true });
    // staff answers name people of their area: not for shared caches
    c.header('Cache-Control', principal.role === 'public' ? 'no-cache' : 'private, no-cache');
    return c.json(body);
  };
