/**
 * Isochrones of one site: the parts of the road network reachable within each number of minutes,
 * buffered and merged into outlines (a network service area, not a circle).
 */
import { ApiError } from '../middleware/errors.ts';
import { WALK_SPEED_MPS } from '../../core/graph/walk.ts';
import type { IsochroneResponse } from '../../core/contracts/planning-walk.ts';
import { siteAttachments, walkEdges, type Box, type Queryable } from '../../db/queries/roads.ts';
import { isochroneShapes, siteByCode, type ReachedPiece } from '../../db/queries/walk.ts';
import { WALK_METHOD_NOTE } from './walk-coverage.ts';
import { walkEngineOf, walkReach } from './walk-engine.ts';

/** metres either side of a reached street that count as reached (front doors, squares) */
export const ISOCHRONE_BUFFER_M = 40;

/**
 * The reached share of each edge from either end within each limit (pure).
 *
 * @example
 * reachedPieces({ id: [1], source: [10], target: [11], seconds: [100] }, new Map([[10, 0]]), [1]) // [{ minutes: 1, edge: 1, fromSource: 0.6, fromTarget: 0 }]
 */
export function reachedPieces(
  edges: { id: number[]; source: number[]; target: number[]; seconds: number[] },
  reach: Map<number, number>,
  minutes: number[],
): ReachedPiece[] {
  const pieces: ReachedPiece[] = [];
  for (const m of minutes) {
    const limit = m * 60;
    edges.id.forEach((edge, i) => {
      const w = edges.seconds[i]!;
      const share = (at: number | undefined) => (at === undefined || at > limit ? 0 : w === 0 ? 1 : Math.min(1, (limit - at) / w));
      const fromSource = share(reach.get(edges.source[i]!));
      const fromTarget = share(reach.get(edges.target[i]!));
      if (fromSource > 0 || fromTarget > 0) pieces.push({ minutes: m, edge, fromSource, fromTarget });
    });
  }
  return pieces;
}

/**
 * Isochrone outlines around a site for the given minutes (404 naming `site` when there is no such site).
 *
 * @example
 * const collection = await siteIsochrones(pool, 'MP2101030010010', [5, 10, 15]);
 */
export async function siteIsochrones(db: Queryable, code: string, minutes: number[]): Promise<IsochroneResponse> {
  const site = await siteByCode(db, code);
  if (!site) throw new ApiError(404, 'not_found', `site ${code} not found`, 'site');
  const [attached] = await siteAttachments(db, { codes: [code] });
  if (!attached || attached.vertex === null) {
    throw new ApiError(409, 'no_road_network', 'site: there is no road network to walk on; import one with `npm run geodata -- import roads <file>`', 'site');
  }
  const farthest = Math.max(...minutes) * 60;
  const box = around(site, farthest * WALK_SPEED_MPS);
  const [reach, edges, engine] = await Promise.all([
    walkReach(db, [{ vertex: attached.vertex, seconds: attached.metres! / WALK_SPEED_MPS }], farthest, { box }),
    walkEdges(db, box),
    walkEngineOf(db),
  ]);
  const shapes = await isochroneShapes(db, reachedPieces(edges, reach, minutes), ISOCHRONE_BUFFER_M);
  const byMinutes = new Map(shapes.map((s) => [s.minutes, s.geometry]));
  return {
    type: 'FeatureCollection',
    site,
    accessM: Math.round(attached.metres!),
    engine,
    method: `${WALK_METHOD_NOTE}; reached streets buffered by ${ISOCHRONE_BUFFER_M} m`,
    features: minutes.map((m) => {
      const geometry = byMinutes.get(m);
      return { type: 'Feature' as const, properties: { minutes: m }, geometry: geometry ? JSON.parse(geometry) : null };
    }),
  };
}

function around(p: { lon: number; lat: number }, metres: number): Box {
  const dLat = metres / 110_574;
  const dLon = metres / (111_320 * Math.cos((p.lat * Math.PI) / 180));
  return [p.lon - dLon, p.lat - dLat, p.lon + dLon, p.lat + dLat];
}
