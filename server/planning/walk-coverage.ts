/**
 * Coverage by walking time: each compound's walk to the nearest site of the kinds = straight walk to its
 * network vertex + the network path + the site's straight walk from its vertex. Covered when that is at
 * most `minutes`. The straight-line query still supplies names, grids and households.
 */
import { ApiError } from '../middleware/errors.ts';
import { WALK_SPEED_MPS, walkMetres } from '../../core/graph/walk.ts';
import { compoundCoverage, type CompoundCoverageRow, type Queryable } from '../../db/queries/coverage.ts';
import { compoundAttachments, roadNetworkSize, siteAttachments, type Attachment, type Box } from '../../db/queries/roads.ts';
import { walkReach, type WalkEngine } from './walk-engine.ts';

/** Nearest-site walks are followed this far (minutes); farther counts as "no site within reach". */
export const NEAREST_CAP_MINUTES = 60;

export const WALK_METHOD_NOTE = `walking time on the road network at ${WALK_SPEED_MPS} m/s (shortest path, Dijkstra / pgRouting), plus the straight walk between each compound or site and its nearest network vertex; no elevation, no opening hours, gates as modelled`;

/**
 * Seconds from the nearest site of the kinds to each compound under `prefix` (null beyond `capMinutes`).
 *
 * @example
 * const walks = await compoundWalks(pool, { kinds: ['mediation_point'], prefix: '210103' });
 */
export async function compoundWalks(
  db: Queryable,
  request: { kinds: string[]; prefix: string; capMinutes?: number; engine?: WalkEngine },
): Promise<{ compounds: Attachment[]; seconds: Map<string, number | null> }> {
  const { edges } = await roadNetworkSize(db);
  if (edges === 0) {
    throw new ApiError(409, 'no_road_network', 'mode: walk needs a road network; import one with `npm run geodata -- import roads <file>`', 'mode');
  }
  const cap = (request.capMinutes ?? NEAREST_CAP_MINUTES) * 60;
  const compounds = await compoundAttachments(db, request.prefix);
  const seconds = new Map<string, number | null>();
  if (compounds.length === 0) return { compounds, seconds };
  const box = expand(boxOf(compounds), cap * WALK_SPEED_MPS);
  const sites = (await siteAttachments(db, { kinds: request.kinds })).filter((s) => s.vertex !== null && inside(box, s));
  const reach = await walkReach(
    db,
    sites.map((s) => ({ vertex: s.vertex!, seconds: s.metres! / WALK_SPEED_MPS })),
    cap,
    { box: request.prefix ? box : undefined, engine: request.engine },
  );
  for (const c of compounds) {
    const network = c.vertex === null ? undefined : reach.get(c.vertex);
    const total = network === undefined ? null : network + c.metres! / WALK_SPEED_MPS;
    seconds.set(c.code, total !== null && total <= cap ? total : null);
  }
  return { compounds, seconds };
}

/**
 * The rows of the straight-line coverage query with `covered` and `nearest` (metres walked) by walking.
 *
 * @example
 * const rows = await walkCompoundCoverage(pool, { kinds: ['mediation_point'], minutes: 15, prefix: '', withGrid: false });
 */
export async function walkCompoundCoverage(
  db: Queryable,
  request: { kinds: string[]; minutes: number; prefix: string; withGrid?: boolean; parts?: number },
): Promise<CompoundCoverageRow[]> {
  const parts = Math.max(1, request.parts ?? 1);
  const [walks, ...chunks] = await Promise.all([
    compoundWalks(db, { kinds: request.kinds, prefix: request.prefix.slice(0, 12) }),
    ...Array.from({ length: parts }, (_v, i) =>
      compoundCoverage(db, { kinds: request.kinds, radius: 1, prefix: request.prefix, withGrid: request.withGrid, withNearest: false, part: [i, parts] }),
    ),
  ]);
  const rows = parts === 1 ? chunks[0]! : chunks.flat().sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const limit = request.minutes * 60;
  return rows.map((row) => {
    const s = walks.seconds.get(row.code) ?? null;
    return { ...row, covered: s !== null && s <= limit + 1e-9, nearest: s === null ? null : s * WALK_SPEED_MPS };
  });
}

/** The walking radius in metres that `minutes` stands for (reported as the answer's `radius`). */
export const walkRadius = (minutes: number) => Math.round(walkMetres(minutes));

function boxOf(points: { lon: number; lat: number }[]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of points) {
    box[0] = Math.min(box[0], p.lon);
    box[1] = Math.min(box[1], p.lat);
    box[2] = Math.max(box[2], p.lon);
    box[3] = Math.max(box[3], p.lat);
  }
  return box;
}

const expand = ([w, s, e, n]: Box, metres: number): Box => {
  const dLat = metres / 110_574;
  const dLon = metres / (111_320 * Math.cos((((s + n) / 2) * Math.PI) / 180));
  return [w - dLon, s - dLat, e + dLon, n + dLat];
};

const inside = ([w, s, e, n]: Box, p: { lon: number; lat: number }) => p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n;

/**
 * The walking part of a coverage query: `{ minutes }` for mode=walk (default 15), undefined for the
 * straight line. A radius with mode=walk, or minutes without it, is a 400 naming the field.
 *
 * @example
 * walkMode({ mode: 'walk', minutes: 10 }) // { minutes: 10 }
 */
export function walkMode(query: { mode?: 'straight' | 'walk'; minutes?: number; radius?: number }): { minutes: number } | undefined {
  if (query.mode !== 'walk') {
    if (query.minutes !== undefined)
      throw new ApiError(400, 'invalid_request', 'minutes: only with mode=walk (straight-line coverage takes radius in metres)', 'minutes');
    return undefined;
  }
  if (query.radius !== undefined) throw new ApiError(400, 'invalid_request', 'radius: not used with mode=walk; give minutes (5, 10, 15 …) instead', 'radius');
  return { minutes: query.minutes ?? 15 };
}
