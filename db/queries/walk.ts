/**
 * Walking distance by pgRouting (PostGIS servers with the extension) and the isochrone outlines. The
 * embedded engine has no pgRouting: server/planning/walk-engine.ts runs core/graph/dijkstra.ts on
 * `walkEdges` instead, and tests/db/walk-engines.test.ts holds the two to the same answers.
 */
import type { Box, Queryable } from './roads.ts';

/**
 * Whether this database has pgRouting installed (migration 0022 creates it where available).
 *
 * @example
 * if (await hasPgRouting(pool)) …
 */
export async function hasPgRouting(db: Queryable): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM pg_extension WHERE extname = 'pgrouting'`);
  return (rowCount ?? 0) > 0;
}

/** Virtual vertices for the sources start above any imported vertex id. */
export const VIRTUAL_BASE = 1_000_000_000_000;

const number = (v: number) => {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  return String(v);
};

/**
 * Least walking seconds from any source to every vertex within `limit` seconds, by pgr_drivingDistance
 * from ONE virtual start vertex joined to each source's vertex by an edge of that source's seconds (the
 * walk from the site to the network). pgRouting takes no starting costs, and one start is both exact and
 * faster than its multi-start `equicost` mode. The edge SQL takes no parameters, so the numbers are
 * written into it (finite numbers only).
 *
 * @example
 * const reach = await pgRoutingReach(pool, [{ vertex: 12, seconds: 30 }], 900);  // Map vertex → seconds
 */
export async function pgRoutingReach(db: Queryable, sources: { vertex: number; seconds: number }[], limit: number, box?: Box): Promise<Map<number, number>> {
  if (sources.length === 0) return new Map();
  const virtual = sources.map((s, i) => `(${-(i + 1)},${VIRTUAL_BASE},${number(s.vertex)},${number(s.seconds)})`).join(',');
  const within = box ? ` AND geom && ST_MakeEnvelope(${box.map(number).join(',')}, 4326)` : '';
  const edgesSql =
    `SELECT id, source, target, walk_s AS cost, walk_s AS reverse_cost FROM road_edges WHERE walk${within} ` +
    // one way only: a path may leave the start through these edges but never come back through them
    `UNION ALL SELECT id, source, target, cost, -1 FROM (VALUES ${virtual}) AS v(id, source, target, cost)`;
  const { rows } = await db.query<{ node: string; agg_cost: number }>(
    `SELECT node, agg_cost FROM pgr_drivingDistance($1::text, $2::bigint, $3::float8, directed => true)
     WHERE node <> $2::bigint`,
    [edgesSql, VIRTUAL_BASE, limit],
  );
  return new Map(rows.map((r) => [Number(r.node), r.agg_cost]));
}

export interface ReachedPiece {
  minutes: number;
  edge: number;
  /** share of the edge reached from its source end and from its target end (0…1 each) */
  fromSource: number;
  fromTarget: number;
}

/**
 * Isochrone outlines: for each threshold, the reached parts of edges buffered by `bufferM` metres and
 * merged (a network service area), simplified, as GeoJSON text.
 *
 * @example
 * const shapes = await isochroneShapes(pool, [{ minutes: 5, edge: 3, fromSource: 1, fromTarget: 0.2 }], 40);
 */
export async function isochroneShapes(db: Queryable, pieces: ReachedPiece[], bufferM: number): Promise<{ minutes: number; geometry: string | null }[]> {
  const { rows } = await db.query<{ minutes: number; geometry: string | null }>(
    `WITH p AS (SELECT * FROM unnest($1::int[], $2::bigint[], $3::float8[], $4::float8[]) AS t(minutes, edge, a, b)),
     parts AS (
       SELECT p.minutes, CASE WHEN p.a + p.b >= 1 THEN e.geom ELSE ST_LineSubstring(e.geom, 0, least(p.a, 1)) END AS g
       FROM p JOIN road_edges e ON e.id = p.edge WHERE p.a > 0 OR p.a + p.b >= 1
       UNION ALL
       SELECT p.minutes, ST_LineSubstring(e.geom, greatest(1 - p.b, 0), 1)
       FROM p JOIN road_edges e ON e.id = p.edge WHERE p.b > 0 AND p.a + p.b < 1)
     SELECT minutes, ST_AsGeoJSON(ST_SimplifyPreserveTopology(ST_Buffer(ST_Collect(g)::geography, $5::float8, 'quad_segs=4')::geometry, 0.00005), 6) AS geometry
     FROM parts GROUP BY minutes ORDER BY minutes`,
    [pieces.map((p) => p.minutes), pieces.map((p) => p.edge), pieces.map((p) => p.fromSource), pieces.map((p) => p.fromTarget), bufferM],
  );
  return rows;
}

/**
 * A site by its code (any kind), or null.
 *
 * @example
 * const site = await siteByCode(pool, 'MP2101030010010');
 */
export async function siteByCode(db: Queryable, code: string): Promise<{ code: string; name: string; kind: string; lon: number; lat: number } | null> {
  const { rows } = await db.query<{ code: string; name: string; kind: string; lon: number; lat: number }>(
    `SELECT code, name, kind, ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat FROM sites WHERE code = $1`,
    [code],
  );
  return rows[0] ?? null;
}

/**
 * The code of the site of the kinds nearest to a point (spheroid distance), or null when there is none.
 *
 * @example
 * const code = await nearestSiteCode(pool, 123.43, 41.80, ['mediation_point']);
 */
export async function nearestSiteCode(db: Queryable, lon: number, lat: number, kinds: string[]): Promise<string | null> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT code FROM (SELECT code, geom FROM sites WHERE kind = ANY($3::text[])
                       ORDER BY geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 8) n
     ORDER BY ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography), code LIMIT 1`,
    [lon, lat, kinds],
  );
  return rows[0]?.code ?? null;
}
