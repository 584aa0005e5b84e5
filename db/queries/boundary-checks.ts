import type pg from 'pg';

type Client = Pick<pg.PoolClient, 'query'>;

/** Why an edit is refused: an HTTP status, a code, a message naming what is wrong and where, the field. */
export class BoundaryEditRefused extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Slivers below this are drawing noise, not a gap or an overlap: 1 m², or 0.01 % of the community's
 * area when that is more (a hand-drawn vertex a metre off along a 1 km edge leaves ~500 m²).
 */
export const TILING_TOLERANCE_M2 = 1;
export const TILING_TOLERANCE_SHARE = 0.0001;

const where = (wkt: string | null) => (wkt ? ` near ${wkt}` : '');

/**
 * Refuses the edit (throws `BoundaryEditRefused`, 409) unless the community's live grids — as the
 * transaction has already rewritten them — are valid, lie in the community and tile it: no gap and no
 * overlap above the tolerance. The message gives the area in m² and a point of the first offence.
 *
 * @example
 * await assertTiling(client, '975001001001');
 */
export async function assertTiling(client: Client, community: string): Promise<void> {
  const { rows } = await client.query<{
    invalid: string | null;
    tolerance: number;
    gap: number;
    gap_at: string | null;
    outside: number;
    outside_at: string | null;
    overlap: number;
    overlap_at: string | null;
    overlap_pair: string | null;
  }>(
    `WITH c AS (SELECT geom FROM communities WHERE code = $1),
          g AS (SELECT code, geom FROM grid_cells WHERE parent_code = $1),
          u AS (SELECT ST_Union(geom) AS geom FROM g),
          gap AS (SELECT ST_Difference(c.geom, coalesce(u.geom, ST_GeomFromText('POLYGON EMPTY', 4326))) AS geom FROM c, u),
          outside AS (SELECT ST_Difference(u.geom, c.geom) AS geom FROM c, u),
          pairs AS (SELECT a.code || '/' || b.code AS pair, ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS geom
                    FROM g a JOIN g b ON a.code < b.code AND ST_Intersects(a.geom, b.geom)),
          ov AS (SELECT pair, geom, ST_Area(geom::geography) AS m2 FROM pairs WHERE NOT ST_IsEmpty(geom))
     SELECT (SELECT string_agg(code, ', ') FROM g WHERE NOT ST_IsValid(geom)) AS invalid,
            greatest($2::float8, $3::float8 * (SELECT ST_Area(geom::geography) FROM c)) AS tolerance,
            (SELECT coalesce(ST_Area(geom::geography), 0) FROM gap) AS gap,
            (SELECT CASE WHEN ST_IsEmpty(geom) THEN NULL ELSE ST_AsText(ST_PointOnSurface(geom), 5) END FROM gap) AS gap_at,
            (SELECT coalesce(ST_Area(geom::geography), 0) FROM outside) AS outside,
            (SELECT CASE WHEN ST_IsEmpty(geom) THEN NULL ELSE ST_AsText(ST_PointOnSurface(geom), 5) END FROM outside) AS outside_at,
            (SELECT coalesce(sum(m2), 0) FROM ov) AS overlap,
            (SELECT ST_AsText(ST_PointOnSurface(geom), 5) FROM ov ORDER BY m2 DESC LIMIT 1) AS overlap_at,
            (SELECT pair FROM ov ORDER BY m2 DESC LIMIT 1) AS overlap_pair`,
    [community, TILING_TOLERANCE_M2, TILING_TOLERANCE_SHARE],
  );
  const r = rows[0]!;
  const m2 = (v: number) => `${Math.round(Number(v))} m²`;
  if (r.invalid)
    throw new BoundaryEditRefused(400, 'invalid_geometry', `grid ${r.invalid}: the geometry is not valid (self-intersecting or broken ring)`, 'geometry');
  const tolerance = Number(r.tolerance);
  if (Number(r.overlap) > tolerance)
    throw new BoundaryEditRefused(
      409,
      'grid_overlap',
      `grids ${r.overlap_pair} overlap by ${m2(r.overlap)}${where(r.overlap_at)} (tolerance ${m2(tolerance)})`,
    );
  if (Number(r.gap) > tolerance)
    throw new BoundaryEditRefused(
      409,
      'grid_gap',
      `the grids leave ${m2(r.gap)} of community ${community} uncovered${where(r.gap_at)} (tolerance ${m2(tolerance)})`,
    );
  if (Number(r.outside) > tolerance)
    throw new BoundaryEditRefused(
      409,
      'grid_outside_community',
      `the grids reach ${m2(r.outside)} beyond community ${community}${where(r.outside_at)} (tolerance ${m2(tolerance)})`,
    );
}

/**
 * Refuses a community boundary that leaves the city (the union of the districts) or overlaps a
 * neighbouring community by more than the tolerance.
 *
 * @example
 * await assertCommunityFits(client, '975001001001');
 */
export async function assertCommunityFits(client: Client, community: string): Promise<void> {
  const { rows } = await client.query<{ valid: boolean; outside: number; outside_at: string | null; neighbour: string | null; overlap: number }>(
    `WITH c AS (SELECT geom FROM communities WHERE code = $1),
          city AS (SELECT ST_Union(d.geom) AS geom FROM districts d, c WHERE ST_Intersects(d.geom, c.geom)),
          out AS (SELECT ST_Difference(c.geom, coalesce(city.geom, ST_GeomFromText('POLYGON EMPTY', 4326))) AS geom FROM c, city),
          nb AS (SELECT o.code, ST_Area(ST_Intersection(o.geom, c.geom)::geography) AS m2 FROM communities o, c
                 WHERE o.code <> $1 AND ST_Intersects(o.geom, c.geom))
     SELECT (SELECT ST_IsValid(geom) FROM c) AS valid,
            (SELECT coalesce(ST_Area(geom::geography), 0) FROM out) AS outside,
            (SELECT CASE WHEN ST_IsEmpty(geom) THEN NULL ELSE ST_AsText(ST_PointOnSurface(geom), 5) END FROM out) AS outside_at,
            (SELECT code FROM nb ORDER BY m2 DESC LIMIT 1) AS neighbour,
            (SELECT coalesce(max(m2), 0) FROM nb) AS overlap`,
    [community],
  );
  const r = rows[0]!;
  if (!r.valid) throw new BoundaryEditRefused(400, 'invalid_geometry', 'the community boundary is not a valid polygon', 'boundary');
  if (Number(r.outside) > TILING_TOLERANCE_M2)
    throw new BoundaryEditRefused(
      422,
      'outside_city',
      `the boundary reaches ${Math.round(Number(r.outside))} m² outside the city${where(r.outside_at)}`,
      'boundary',
    );
  if (Number(r.overlap) > TILING_TOLERANCE_M2)
    throw new BoundaryEditRefused(
      409,
      'community_overlap',
      `the boundary overlaps community ${r.neighbour} by ${Math.round(Number(r.overlap))} m²`,
      'boundary',
    );
}
