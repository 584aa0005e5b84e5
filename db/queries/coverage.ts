/**
 * Coverage of compounds by sites of chosen kinds. Distances are metres on the WGS-84 spheroid
 * (geography); the `geom::geography` expression indexes (migration 0009) serve both the ST_DWithin
 * test and the nearest-site search. Straight-line distance: there is no road network.
 */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;

export interface SiteKindRow {
  kind: string;
  nameZh: string;
  nameEn: string;
  staffed: boolean;
  defaultRadiusM: number;
  sites: number;
}

/**
 * The kinds of the site-kind registry offered for coverage (site_kinds.coverage), with the number of
 * sites of each kind.
 *
 * @example
 * const kinds = await listSiteKinds(database.pool);
 */
export async function listSiteKinds(db: Queryable): Promise<SiteKindRow[]> {
  const { rows } = await db.query<SiteKindRow>(
    `SELECT k.kind, k.name_zh AS "nameZh", k.name_en AS "nameEn", k.staffed, k.default_radius_m AS "defaultRadiusM",
            (SELECT count(*) FROM sites s WHERE s.kind = k.kind)::int AS sites
     FROM site_kinds k WHERE k.coverage ORDER BY k.sort_order, k.kind`,
  );
  return rows;
}

export interface CompoundCoverageRow {
  code: string;
  name: string;
  communityCode: string;
  /** the grid cell of the compound's community that contains it (null unless asked for) */
  gridCode: string | null;
  households: number;
  population: number;
  covered: boolean;
  nearest: number | null;
  lon: number;
  lat: number;
}

export interface CoverageFilter {
  kinds: string[];
  radius: number;
  /** area code prefix of the compounds ('' = city); a 14-digit grid code selects its community here */
  prefix: string;
  withGrid?: boolean;
  /** compute the nearest-site distance (default true; siting does not need it) */
  withNearest?: boolean;
  /** only part i of n (by a hash of the code), so a server can work on several parts at once */
  part?: [number, number];
  /**
   * how to find the nearest site: 'index' walks the geography index in distance order (fast when the
   * kinds are a good share of all sites); 'scan' compares against every site of the kinds (fast when
   * they are few: the index walk would step over thousands of sites of other kinds first)
   */
  nearestBy?: 'index' | 'scan';
}

/** Below this many sites of the chosen kinds, scanning them beats walking the shared index. */
export const SCAN_NEAREST_BELOW = 400;

/**
 * Every compound under the prefix, whether a site of the kinds lies within `radius` metres, and the
 * distance to the nearest one. The nearest is the least spheroid distance among the 2 nearest on the
 * sphere (the index order), so ellipsoid-vs-sphere ties cannot pick the wrong site.
 *
 * @example
 * const rows = await compoundCoverage(database.pool, { kinds: ['mediation_point'], radius: 1000, prefix: '210103' });
 */
export async function compoundCoverage(db: Queryable, filter: CoverageFilter): Promise<CompoundCoverageRow[]> {
  const grid = filter.withGrid
    ? `(SELECT g.code FROM grid_cells g WHERE g.parent_code = c.community_code
        ORDER BY ST_Distance(g.geom, c.geom), g.code LIMIT 1)`
    : 'NULL::text';
  const candidates =
    filter.nearestBy === 'scan'
      ? `SELECT k.g FROM chosen k ORDER BY k.g <-> c.geom::geography LIMIT 2`
      : `SELECT s.geom::geography AS g FROM sites s WHERE s.kind = ANY($1::text[])
         ORDER BY s.geom::geography <-> c.geom::geography LIMIT 2`;
  const nearest = filter.withNearest === false ? 'NULL::float8' : `(SELECT min(ST_Distance(n.g, c.geom::geography)) FROM (${candidates}) n)::float8`;
  const { rows } = await db.query<CompoundCoverageRow>(
    `WITH chosen AS MATERIALIZED (SELECT geom::geography AS g FROM sites WHERE kind = ANY($1::text[]) AND $6::boolean)
     SELECT c.code, c.name, c.community_code AS "communityCode", ${grid} AS "gridCode",
            c.households, c.population,
            EXISTS (SELECT 1 FROM sites s WHERE s.kind = ANY($1::text[])
                      AND ST_DWithin(s.geom::geography, c.geom::geography, $2)) AS covered,
            ${nearest} AS nearest,
            ST_X(c.geom)::float8 AS lon, ST_Y(c.geom)::float8 AS lat
     FROM compounds c
     WHERE c.community_code LIKE $3 || '%' AND mod(abs(hashtext(c.code)), $5::int) = $4::int
     ORDER BY c.code`,
    [filter.kinds, filter.radius, filter.prefix.slice(0, 12), filter.part?.[0] ?? 0, filter.part?.[1] ?? 1, filter.nearestBy === 'scan'],
  );
  return rows;
}

export type AreaTable = 'districts' | 'streets' | 'communities' | 'grid_cells';

/**
 * Codes and names of the areas of one level under a prefix, in code order.
 *
 * @example
 * await areasUnder(database.pool, 'streets', '210103')
 */
export async function areasUnder(db: Queryable, table: AreaTable, prefix: string): Promise<{ code: string; name: string }[]> {
  const { rows } = await db.query<{ code: string; name: string }>(`SELECT code, name FROM ${table} WHERE code LIKE $1 || '%' ORDER BY code`, [prefix]);
  return rows;
}

/** Whether an area code exists (at its level). */
export async function areaExists(db: Queryable, table: AreaTable, code: string): Promise<boolean> {
  const { rowCount } = await db.query(`SELECT 1 FROM ${table} WHERE code = $1`, [code]);
  return (rowCount ?? 0) > 0;
}

export interface SiteAreaRow {
  level: 'street' | 'community';
  code: string;
  name: string;
  hasSite: boolean;
}

/**
 * For each street and community under the prefix: does a site of the kinds belong to it (its
 * community/street code, a community it serves, or its position inside the area)?
 *
 * @example
 * const rows = await areasWithSites(database.pool, ['mediation_point'], '210103');
 */
export async function areasWithSites(db: Queryable, kinds: string[], prefix: string): Promise<SiteAreaRow[]> {
  const { rows } = await db.query<SiteAreaRow>(
    `WITH k AS MATERIALIZED (
       SELECT s.code, s.geom, s.community_code, coalesce(s.street_code, left(s.community_code, 9)) AS street_code
       FROM sites s WHERE s.kind = ANY($1::text[])),
     served AS MATERIALIZED (
       SELECT x.community_code FROM site_served_communities x JOIN k ON k.code = x.site_code)
     SELECT 'community' AS level, a.code, a.name,
            (EXISTS (SELECT 1 FROM k WHERE k.community_code = a.code)
             OR EXISTS (SELECT 1 FROM served WHERE served.community_code = a.code)
             OR EXISTS (SELECT 1 FROM sites s WHERE s.kind = ANY($1::text[]) AND ST_Intersects(s.geom, a.geom))) AS "hasSite"
     FROM communities a WHERE a.code LIKE $2 || '%'
     UNION ALL
     SELECT 'street', a.code, a.name,
            (EXISTS (SELECT 1 FROM k WHERE k.street_code = a.code)
             OR EXISTS (SELECT 1 FROM served WHERE left(served.community_code, 9) = a.code)
             OR EXISTS (SELECT 1 FROM sites s WHERE s.kind = ANY($1::text[]) AND ST_Intersects(s.geom, a.geom)))
     FROM streets a WHERE a.code LIKE $3 || '%'
     ORDER BY 1, 2`,
    [kinds, prefix.slice(0, 12), prefix.slice(0, 9)],
  );
  return rows;
}

/** Number of sites of the kinds that belong to the area (by their area codes; '' = the city). */
export async function countSites(db: Queryable, kinds: string[], prefix = ''): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM sites
     WHERE kind = ANY($1::text[]) AND coalesce(community_code, street_code, district_code, '') LIKE $2 || '%'`,
    [kinds, prefix],
  );
  return rows[0]!.n;
}

/**
 * Simplified outlines (GeoJSON text, ~10 m tolerance, 6 decimals) of the areas of one level under a
 * prefix, for choropleths and exports.
 *
 * @example
 * const shapes = await areaShapes(database.pool, 'communities', '210103');
 */
export async function areaShapes(db: Queryable, table: AreaTable, prefix: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ code: string; geometry: string }>(
    `SELECT code, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0001), 6) AS geometry
     FROM ${table} WHERE code LIKE $1 || '%'`,
    [prefix],
  );
  return new Map(rows.map((r) => [r.code, r.geometry]));
}
