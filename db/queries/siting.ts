/**
 * The incidence for siting: for each candidate location (a compound, or a grid cell's point on
 * surface) under an area, the compounds not yet covered that a new site there would cover. One query;
 * the compounds' geography index finds each candidate's neighbours (ST_DWithin, metres on the spheroid).
 */
import type { Queryable } from './coverage.ts';

export interface CandidateRow {
  code: string;
  name: string;
  lon: number;
  lat: number;
  /** codes of uncovered compounds within the radius */
  covers: string[];
}

/**
 * Candidates that would cover at least one uncovered compound, in code order.
 *
 * @example
 * const rows = await sitingIncidence(pool, { kinds: ['mediation_point'], radius: 1000, prefix: '210103', candidates: 'grids' });
 */
export async function sitingIncidence(
  db: Queryable,
  filter: { kinds: string[]; radius: number; prefix: string; candidates: 'compounds' | 'grids' },
): Promise<CandidateRow[]> {
  const candidates =
    filter.candidates === 'compounds'
      ? `SELECT code, name, geom FROM compounds WHERE community_code LIKE $3 || '%'`
      : `SELECT code, name, ST_PointOnSurface(geom) AS geom FROM grid_cells WHERE code LIKE $3 || '%'`;
  const { rows } = await db.query<CandidateRow>(
    `WITH uncovered AS MATERIALIZED (
       SELECT c.code FROM compounds c
       WHERE c.community_code LIKE $3 || '%'
         AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.kind = ANY($1::text[])
                           AND ST_DWithin(s.geom::geography, c.geom::geography, $2))),
     candidate AS (${candidates}),
     reach AS (
       SELECT k.code, k.name, k.geom,
              ARRAY(SELECT c.code FROM compounds c
                    WHERE ST_DWithin(c.geom::geography, k.geom::geography, $2)
                      AND c.code IN (SELECT code FROM uncovered)
                    ORDER BY c.code) AS covers
       FROM candidate k)
     SELECT code, name, ST_X(geom)::float8 AS lon, ST_Y(geom)::float8 AS lat, covers
     FROM reach WHERE cardinality(covers) > 0 ORDER BY code`,
    [filter.kinds, filter.radius, filter.prefix],
  );
  return rows;
}

/** Versions of the layers a siting result depends on (to tell when a saved scenario is out of date). */
export async function sitingBasis(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ layer: string; version: number }>(
    `SELECT layer, version::float8 AS version FROM data_versions WHERE layer IN ('sites', 'compounds') ORDER BY layer`,
  );
  return Object.fromEntries(rows.map((r) => [r.layer, r.version]));
}
