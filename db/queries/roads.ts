/**
 * The road network tables (migration 0022): replacing the whole network after an import has noded it,
 * and reading the walkable edges and the vertices nearest to compounds and sites for walking coverage.
 */
import type pg from 'pg';

export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface RoadEdgeInput {
  from: number;
  to: number;
  coords: [number, number][];
  roadClass: string | null;
  name: string | null;
  oneway: boolean;
  walk: boolean;
  drive: boolean;
  layer: number;
  synthetic: boolean;
  feature: number;
}

const BATCH = 4_000;
const wkt = (coords: [number, number][]) => `LINESTRING(${coords.map(([x, y]) => `${x} ${y}`).join(',')})`;

/**
 * Replaces the road network with noded vertices (ids 1…n in array order) and edges, inside the caller's
 * transaction. Lengths are measured on the spheroid; walking seconds = length ÷ `speed`.
 *
 * @example
 * await withTransaction(database, (client) => replaceRoadNetwork(client, vertices, edges, { origin: 'roads.geojson', speed: 1.2 }));
 */
export async function replaceRoadNetwork(
  client: Queryable,
  vertices: [number, number][],
  edges: RoadEdgeInput[],
  options: { origin: string; speed: number },
): Promise<void> {
  await client.query('DELETE FROM road_edges');
  await client.query('DELETE FROM road_vertices');
  await insertRoadGraph(client, vertices, edges, { ...options, idBase: 0 });
  await client.query('ANALYZE road_vertices');
  await client.query('ANALYZE road_edges');
}

/**
 * Adds noded vertices and edges with ids from `idBase` + 1 on, next to the rows already there (a test
 * graph beside the demo's, or the body of {@link replaceRoadNetwork}).
 *
 * @example
 * await insertRoadGraph(client, vertices, edges, { origin: 'test', speed: 1.2, idBase: 900_000_000 });
 */
export async function insertRoadGraph(
  client: Queryable,
  vertices: [number, number][],
  edges: RoadEdgeInput[],
  options: { origin: string; speed: number; idBase: number },
): Promise<void> {
  const base = options.idBase;
  for (let i = 0; i < vertices.length; i += BATCH) {
    const part = vertices.slice(i, i + BATCH);
    await client.query(
      `INSERT INTO road_vertices (id, geom)
       SELECT n + $1::bigint, ST_SetSRID(ST_MakePoint(x, y), 4326)
       FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY AS t(x, y, n)`,
      [base + i, part.map((v) => v[0]), part.map((v) => v[1])],
    );
  }
  for (let i = 0; i < edges.length; i += BATCH) {
    const part = edges.slice(i, i + BATCH);
    await client.query(
      `INSERT INTO road_edges (id, source, target, road_class, name, oneway, walk, drive, layer, length_m, walk_s, synthetic, origin, feature, geom)
       SELECT n + $1::bigint, s + 1 + $15::bigint, t + 1 + $15::bigint, c, nm, o, w, d, l, len, CASE WHEN w THEN len / $13::float8 END, syn, $14, f, g
       FROM (SELECT *, ST_Length(g::geography) AS len
             FROM (SELECT s, t, c, nm, o, w, d, l, syn, f, ST_GeomFromText(g, 4326) AS g, n
                   FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::boolean[], $7::boolean[], $8::boolean[],
                               $9::smallint[], $10::boolean[], $11::int[], $12::text[]) WITH ORDINALITY
                        AS x(s, t, c, nm, o, w, d, l, syn, f, g, n)) raw) measured`,
      [
        base + i,
        part.map((e) => e.from),
        part.map((e) => e.to),
        part.map((e) => e.roadClass),
        part.map((e) => e.name),
        part.map((e) => e.oneway),
        part.map((e) => e.walk),
        part.map((e) => e.drive),
        part.map((e) => e.layer),
        part.map((e) => e.synthetic),
        part.map((e) => e.feature),
        part.map((e) => wkt(e.coords)),
        options.speed,
        options.origin,
        base,
      ],
    );
  }
}

export interface WalkEdgeRows {
  id: number[];
  source: number[];
  target: number[];
  seconds: number[];
}

/** [west, south, east, north] in degrees */
export type Box = [number, number, number, number];

/**
 * The walkable edges (optionally only those meeting a box), as columns.
 *
 * @example
 * const edges = await walkEdges(pool, [123.3, 41.7, 123.5, 41.9]);
 */
export async function walkEdges(db: Queryable, box?: Box): Promise<WalkEdgeRows> {
  const { rows } = await db.query<{ id: string; source: string; target: string; walk_s: number }>(
    `SELECT id, source, target, walk_s FROM road_edges
     WHERE walk AND ($1::float8 IS NULL OR geom && ST_MakeEnvelope($1, $2, $3, $4, 4326))`,
    box ?? [null, null, null, null],
  );
  const out: WalkEdgeRows = { id: new Array(rows.length), source: new Array(rows.length), target: new Array(rows.length), seconds: new Array(rows.length) };
  rows.forEach((r, i) => {
    out.id[i] = Number(r.id);
    out.source[i] = Number(r.source);
    out.target[i] = Number(r.target);
    out.seconds[i] = r.walk_s;
  });
  return out;
}

export interface Attachment {
  code: string;
  /** nearest vertex of a walkable edge, null when the network has none */
  vertex: number | null;
  /** metres from the point to that vertex (walked in a straight line) */
  metres: number | null;
  households: number;
  population: number;
  communityCode: string | null;
  lon: number;
  lat: number;
}

// The 8 nearest vertices by planar order (degrees), then the least spheroid distance among them: at 42°N a
// degree of longitude is shorter than one of latitude, so the planar nearest is not always the true one.
const nearestVertex = (point: string) => `LATERAL (
  SELECT v.id, ST_Distance(v.geom::geography, ${point}::geography) AS metres
  FROM (SELECT rv.id, rv.geom FROM road_vertices rv
        -- two EXISTS, one per btree index: "source = id OR target = id" made PGlite scan the edges per vertex
        WHERE EXISTS (SELECT 1 FROM road_edges e WHERE e.source = rv.id AND e.walk)
           OR EXISTS (SELECT 1 FROM road_edges e WHERE e.target = rv.id AND e.walk)
        ORDER BY rv.geom <-> ${point} LIMIT 8) v
  ORDER BY 2, 1 LIMIT 1) n ON true`;

/**
 * Compounds under an area-code prefix, each with the network vertex it is attached to.
 *
 * @example
 * const compounds = await compoundAttachments(pool, '210103');
 */
export async function compoundAttachments(db: Queryable, prefix: string): Promise<Attachment[]> {
  const { rows } = await db.query<Attachment & { vertex: string | null }>(
    `SELECT c.code, n.id AS vertex, n.metres, c.households, c.population, c.community_code AS "communityCode",
            ST_X(c.geom)::float8 AS lon, ST_Y(c.geom)::float8 AS lat
     FROM compounds c LEFT JOIN ${nearestVertex('c.geom')}
     WHERE c.community_code LIKE $1 || '%' ORDER BY c.code`,
    [prefix.slice(0, 12)],
  );
  return rows.map((r) => ({ ...r, vertex: r.vertex === null ? null : Number(r.vertex) }));
}

/**
 * Sites of the kinds (or the listed codes), each with the network vertex it is attached to.
 *
 * @example
 * const sites = await siteAttachments(pool, { kinds: ['mediation_point'] });
 */
export async function siteAttachments(db: Queryable, filter: { kinds?: string[]; codes?: string[] }): Promise<Attachment[]> {
  const { rows } = await db.query<Attachment & { vertex: string | null }>(
    `SELECT s.code, n.id AS vertex, n.metres, 0 AS households, 0 AS population, s.community_code AS "communityCode",
            ST_X(s.geom)::float8 AS lon, ST_Y(s.geom)::float8 AS lat
     FROM sites s LEFT JOIN ${nearestVertex('s.geom')}
     WHERE ($1::text[] IS NULL OR s.kind = ANY($1::text[])) AND ($2::text[] IS NULL OR s.code = ANY($2::text[]))
     ORDER BY s.code`,
    [filter.kinds ?? null, filter.codes ?? null],
  );
  return rows.map((r) => ({ ...r, vertex: r.vertex === null ? null : Number(r.vertex) }));
}

/**
 * Counts of the network: vertices, edges, walkable edges, synthetic edges.
 *
 * @example
 * const { edges } = await roadNetworkSize(pool);
 */
export async function roadNetworkSize(db: Queryable): Promise<{ vertices: number; edges: number; walkable: number; synthetic: number }> {
  const { rows } = await db.query<{ vertices: number; edges: number; walkable: number; synthetic: number }>(
    `SELECT (SELECT count(*) FROM road_vertices)::int AS vertices, count(*)::int AS edges,
            (count(*) FILTER (WHERE walk))::int AS walkable, (count(*) FILTER (WHERE synthetic))::int AS synthetic
     FROM road_edges`,
  );
  return rows[0]!;
}

/**
 * Siting candidates under a prefix with their network vertex: compounds at their position, grid cells at
 * their point on surface (as the straight-line incidence places them).
 *
 * @example
 * const candidates = await candidateAttachments(pool, 'grids', '210103');
 */
export async function candidateAttachments(db: Queryable, source: 'compounds' | 'grids', prefix: string): Promise<(Attachment & { name: string })[]> {
  const from =
    source === 'compounds'
      ? `SELECT code, name, community_code, geom AS p FROM compounds WHERE community_code LIKE $1 || '%'`
      : `SELECT code, name, parent_code AS community_code, ST_PointOnSurface(geom) AS p FROM grid_cells WHERE code LIKE $1 || '%'`;
  const { rows } = await db.query<Attachment & { name: string; vertex: string | null }>(
    `SELECT c.code, c.name, n.id AS vertex, n.metres, 0 AS households, 0 AS population, c.community_code AS "communityCode",
            ST_X(c.p)::float8 AS lon, ST_Y(c.p)::float8 AS lat
     FROM (${from}) c LEFT JOIN ${nearestVertex('c.p')} ORDER BY c.code`,
    [prefix.slice(0, 12)],
  );
  return rows.map((r) => ({ ...r, vertex: r.vertex === null ? null : Number(r.vertex) }));
}
