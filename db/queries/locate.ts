import { sql } from 'drizzle-orm';
import { hotQuery, type Database, type Db } from '../client.ts';
import type { LonLat } from '../../core/contracts/field-coords.ts';
import { candidateFactor, completeNearest, siteCandidatesSql, type SiteRow } from './locate-sites.ts';

export interface LocatedAreas {
  district: { code: string; name: string };
  street: { code: string; name: string } | null;
  community: { code: string; name: string; kind: string } | null;
  grid: { code: string; name: string; kind: string; dedicatedType: string | null; synthetic: boolean } | null;
  /** clear values: the route masks them */
  worker: { code: string; name: string; phone: string | null; employment: string } | null;
}

type Row = {
  level: 'grid' | 'community' | 'street' | 'district' | 'worker';
  code: string;
  name: string;
  kind: string | null;
  dedicated_type: string | null;
  synthetic: boolean;
  worker_code: string | null;
};

/**
 * The areas containing a WGS-84 point, or undefined when no district contains it (outside the city).
 *
 * Boundary rule (the same as the incident API's grid assignment, so a report made where locate says
 * "grid X" lands in grid X): among the polygons that `ST_Intersects` the point — a point on a shared
 * edge or vertex intersects all of them — the one with the LOWEST code wins. The finest level found
 * decides; the levels above are that area's parents (by code), never looked up separately, so the
 * answer is always one consistent branch of the tree even on a street or district boundary.
 *
 * @example
 * const areas = await locateAreas(db, { lon: 123.45, lat: 41.79 }); // areas?.grid?.code → '21010300100101'
 */
export async function locateAreas(db: Db, point: LonLat): Promise<LocatedAreas | undefined> {
  const result = await db.execute<{ areas: Row[] | null }>(sql`${areasCte(point)} SELECT ${areasJson} AS areas`);
  return toAreas(result.rows[0]!.areas ?? []);
}

/**
 * Where a point is AND the nearest sites of two kind groups, in ONE round trip: the area lookup and
 * both KNN candidate lists are sub-selects of one statement (the completeness check may add a query
 * in rare cases, see `completeNearest`). A prepared statement on PostGIS (`hotQuery`).
 *
 * @example
 * const { areas, first, second } = await locateWithSites(database, point, ['mediation_point', 'mediation_room'], ['watch_post'], 5);
 */
export async function locateWithSites(
  database: Pick<Database, 'prepared' | 'pool' | 'db'>,
  point: LonLat,
  firstKinds: readonly string[],
  secondKinds: readonly string[],
  limit: number,
) {
  const count = limit * candidateFactor;
  const db = database.db;
  const result = await hotQuery<{ areas: Row[] | null; first: SiteRow[]; second: SiteRow[] }>(
    database,
    sql`${areasCte(point)}
    SELECT ${areasJson} AS areas, ${siteCandidatesSql(point, firstKinds, count)} AS first, ${siteCandidatesSql(point, secondKinds, count)} AS second`,
  );
  const row = result.rows[0]!;
  const [first, second] = await Promise.all([
    completeNearest(db, point, firstKinds, limit, count, row.first),
    completeNearest(db, point, secondKinds, limit, count, row.second),
  ]);
  return { areas: toAreas(row.areas ?? []), first, second };
}

// Each level is an index-assisted point-in-polygon; the coarser ones only run when the finer found nothing.
const areasCte = (point: LonLat) => sql`WITH pt AS (SELECT ST_SetSRID(ST_MakePoint(${point.lon}, ${point.lat}), 4326) AS g),
    grid AS (
      SELECT 'grid' AS level, gc.code, gc.name, gc.kind, gc.dedicated_type, gc.synthetic, gc.worker_code, 1 AS ord
      FROM grid_cells gc, pt WHERE ST_Intersects(gc.geom, pt.g) ORDER BY gc.code LIMIT 1
    ),
    community AS (
      SELECT 'community' AS level, c.code, c.name, c.kind, NULL::text, c.synthetic, NULL::text, 2
      FROM communities c, pt WHERE NOT EXISTS (SELECT 1 FROM grid) AND ST_Intersects(c.geom, pt.g) ORDER BY c.code LIMIT 1
    ),
    street AS (
      SELECT 'street' AS level, s.code, s.name, s.kind, NULL::text, s.synthetic, NULL::text, 3
      FROM streets s, pt WHERE NOT EXISTS (SELECT 1 FROM grid UNION ALL SELECT 1 FROM community)
        AND ST_Intersects(s.geom, pt.g) ORDER BY s.code LIMIT 1
    ),
    district AS (
      SELECT 'district' AS level, d.code, d.name, NULL::text, NULL::text, d.synthetic, NULL::text, 4
      FROM districts d, pt WHERE NOT EXISTS (SELECT 1 FROM grid UNION ALL SELECT 1 FROM community UNION ALL SELECT 1 FROM street)
        AND ST_Intersects(d.geom, pt.g) ORDER BY d.code LIMIT 1
    ),
    found AS (SELECT * FROM grid UNION ALL SELECT * FROM community UNION ALL SELECT * FROM street UNION ALL SELECT * FROM district)`;

/** The found area, its parents (by code) and the grid's worker, as one JSON array of rows. */
const areasJson = sql`(SELECT json_agg(r) FROM (
    SELECT f.level, f.code, f.name, f.kind, f.dedicated_type, f.synthetic, f.worker_code FROM found f
    UNION ALL SELECT 'community', c.code, c.name, c.kind, NULL, c.synthetic, NULL FROM communities c, found f
      WHERE f.level = 'grid' AND c.code = left(f.code, 12)
    UNION ALL SELECT 'street', s.code, s.name, s.kind, NULL, s.synthetic, NULL FROM streets s, found f
      WHERE f.level IN ('grid', 'community') AND s.code = left(f.code, 9)
    UNION ALL SELECT 'district', d.code, d.name, NULL, NULL, d.synthetic, NULL FROM districts d, found f
      WHERE f.level IN ('grid', 'community', 'street') AND d.code = left(f.code, 6)
    -- the worker rides along in the same round trip: kind = employment, dedicated_type = phone
    UNION ALL SELECT 'worker', w.code, w.name, w.employment, w.phone, w.synthetic, NULL FROM grid_workers w, found f
      WHERE f.level = 'grid' AND w.code = f.worker_code
  ) r)`;

function toAreas(rows: Row[]): LocatedAreas | undefined {
  const by = new Map(rows.map((row) => [row.level, row]));
  const district = by.get('district');
  if (!district) return undefined;
  const plain = (row: Row | undefined) => (row ? { code: row.code, name: row.name } : null);
  const grid = by.get('grid');
  const community = by.get('community');
  const worker = by.get('worker');
  return {
    district: { code: district.code, name: district.name },
    street: plain(by.get('street')),
    community: community ? { code: community.code, name: community.name, kind: community.kind ?? 'community' } : null,
    grid: grid ? { code: grid.code, name: grid.name, kind: grid.kind ?? 'general', dedicatedType: grid.dedicated_type, synthetic: grid.synthetic } : null,
    worker: worker ? { code: worker.code, name: worker.name, phone: worker.dedicated_type, employment: worker.kind ?? 'full_time' } : null,
  };
}
