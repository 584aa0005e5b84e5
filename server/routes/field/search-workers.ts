import type { Principal } from '../../../core/access/roles.ts';
import type { SearchHit } from '../../../core/contracts/field.ts';
import type { Db } from '../../../db/client.ts';
import { searchWorkers } from '../../../db/queries/search-workers.ts';
import { maskPersonal, personalRoles } from '../../access/mask.ts';

/** At most this many of a search's slots go to grid workers, so places are never crowded out. */
const workerSlots = 5;

/**
 * Adds grid workers found by name to the place hits, for roles that may see (masked) personal data,
 * inside the caller's area; their name is masked (张*), their context names their community and grids.
 * Other roles get the place hits unchanged.
 *
 * @example
 * const items = await withWorkers(db, principal, 'q', await searchPlaces(database, q, 20), 20);
 */
export async function withWorkers(db: Db, principal: Principal, q: string, places: SearchHit[], limit: number): Promise<SearchHit[]> {
  if (!personalRoles.includes(principal.role)) return places;
  const workers = await searchWorkers(db, principal, q, Math.min(workerSlots, limit));
  if (!workers.length) return places;
  const hits: SearchHit[] = workers.map((w) => ({
    kind: 'worker',
    code: w.code,
    name: maskPersonal(principal, { name: w.name }, { name: 'name' }).name ?? '',
    subkind: null,
    context: w.context,
    match: w.match,
    bbox: w.bbox,
  }));
  return [...places.slice(0, Math.max(0, limit - hits.length)), ...hits];
}
