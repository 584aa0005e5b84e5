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
  // Driven from the (few) uncovered compounds: each finds the candidates within reach through an index.
  // Compounds: the geography index. Grid cells: their point on surface lies inside the cell, so the
  // cell's box must meet the compound's box widened by the radius in degrees (the geometry index),
  // then the exact spheroid test on the point.
  const pairs =
    filter.candidates === 'compounds'
      ? `SELECT k.code AS candidate, u.code AS compound FROM uncovered u
         JOIN compounds k ON ST_DWithin(k.geom::geography, u.geom::geography, $2) AND k.community_code LIKE $3 || '%'`
      : `SELECT k.code AS candidate, u.code AS compound FROM uncovered u
         JOIN grid_cells k ON k.geom && ST_Expand(u.geom,
                $2 / (111320.0 * cos(radians(least(89.0, abs(ST_Y(u.geom)) + $2 / 110000.0)))) * 1.01, $2 / 110000.0 * 1.01)
              AND k.code LIKE $3 || '%'
              AND ST_DWithin(ST_PointOnSurface(k.geom)::geography, u.geom::geography, $2)`;
  const location =
    filter.candidates === 'compounds'
      ? `SELECT code, name, geom FROM compounds WHERE code = ANY(SELECT candidate FROM reach)`
      : `SELECT code, name, ST_PointOnSurface(geom) AS geom FROM grid_cells WHERE code = ANY(SELECT candidate FROM reach)`;
  const { rows } = await db.query<CandidateRow>(
    `WITH uncovered AS MATERIALIZED (
       SELECT c.code, c.geom FROM compounds c
       WHERE c.community_code LIKE $3 || '%'
         AND NOT EXISTS (SELECT 1 FROM sites s WHERE s.kind = ANY($1::text[])
                           AND ST_DWithin(s.geom::geography, c.geom::geography, $2))),
     reach AS MATERIALIZED (
       SELECT candidate, array_agg(compound ORDER BY compound) AS covers FROM (${pairs}) p GROUP BY candidate),
     location AS MATERIALIZED (${location})
     SELECT l.code, l.name, ST_X(l.geom)::float8 AS lon, ST_Y(l.geom)::float8 AS lat, r.covers
     FROM reach r JOIN location l ON l.code = r.candidate ORDER BY l.code`,
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
