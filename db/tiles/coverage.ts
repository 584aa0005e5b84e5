/**
 * Volunteer coverage per grid cell, computed in SQL: volunteers per 1,000 residents, and the share
 * of the cell's area within `radius` metres of a staffed watch post (a 平安守望岗 with at least one
 * volunteer assigned). Distances and areas are geodesic (geography); the GiST index on sites finds
 * candidate posts through a degree-expanded box first.
 */
import type { Database } from '../client.ts';

export interface CoverageRows {
  grids: { code: string[]; population: number[]; volunteers: number[]; covered: number[] };
  posts: { code: string[]; name: string[]; lon: number[]; lat: number[]; volunteers: number[] };
}

// ≥ the degrees of `radius` metres in both axes at Shenyang's latitude (1° lon ≈ 83 km at 41.8°N).
const DEGREE_METRES = 80_000;

/**
 * Coverage of the grid cells whose code starts with `prefix` ('' for the city), as column arrays.
 *
 * @example
 * const { grids, posts } = await readCoverage(database, 500, '210103');
 */
export async function readCoverage(database: Database, radius: number, prefix: string): Promise<CoverageRows> {
  const grids = await database.pool.query(
    `WITH g AS (SELECT code, population, geom FROM grid_cells WHERE code LIKE $2 || '%'),
     c AS (
       SELECT g.code, g.population,
         (SELECT count(*) FROM volunteers v WHERE v.grid_code = g.code)::int AS volunteers,
         (SELECT ST_Union(ST_Buffer(p.geom::geography, $1)::geometry) FROM sites p
           WHERE p.kind = 'watch_post' AND p.geom && ST_Expand(g.geom, $1 / ${DEGREE_METRES}.0)
             AND ST_DWithin(p.geom::geography, g.geom::geography, $1)
             AND EXISTS (SELECT 1 FROM volunteers v WHERE v.watch_post_code = p.code)) AS reach,
         g.geom
       FROM g
     )
     SELECT coalesce(json_agg(code ORDER BY code), '[]') AS code,
            coalesce(json_agg(population ORDER BY code), '[]') AS population,
            coalesce(json_agg(volunteers ORDER BY code), '[]') AS volunteers,
            coalesce(json_agg(covered ORDER BY code), '[]') AS covered
     FROM (SELECT code, population, volunteers,
             CASE WHEN reach IS NULL THEN 0
                  ELSE round(least(1, ST_Area(ST_Intersection(geom, reach)::geography) / nullif(ST_Area(geom::geography), 0))::numeric, 4)::float8
             END AS covered
           FROM c) q`,
    [radius, prefix],
  );
  const posts = await database.pool.query(
    `SELECT coalesce(json_agg(code ORDER BY code), '[]') AS code, coalesce(json_agg(name ORDER BY code), '[]') AS name,
            coalesce(json_agg(lon ORDER BY code), '[]') AS lon, coalesce(json_agg(lat ORDER BY code), '[]') AS lat,
            coalesce(json_agg(n ORDER BY code), '[]') AS volunteers
     FROM (SELECT p.code, p.name, round(ST_X(p.geom)::numeric, 6)::float8 AS lon, round(ST_Y(p.geom)::numeric, 6)::float8 AS lat, count(v.id)::int AS n
           FROM sites p JOIN volunteers v ON v.watch_post_code = p.code
           WHERE p.kind = 'watch_post' AND coalesce(p.community_code, p.street_code, p.district_code, '') LIKE $1 || '%'
           GROUP BY p.code, p.name, p.geom) q`,
    [prefix],
  );
  return { grids: grids.rows[0], posts: posts.rows[0] };
}
