/**
 * The info card of one area (district, street, community or grid cell): its parent chain with
 * extents for breadcrumbs, figures summed over its grid cells, the responsible grid worker and the
 * sites inside. Two round trips; every lookup is by primary key, code range or GiST.
 */
import type { Database } from '../client.ts';

export type AreaLevel = 'district' | 'street' | 'community' | 'grid';
const tables: Record<number, [AreaLevel, string]> = {
  6: ['district', 'districts'],
  9: ['street', 'streets'],
  12: ['community', 'communities'],
  14: ['grid', 'grid_cells'],
};

export interface AreaCardRow {
  code: string;
  name: string;
  level: AreaLevel;
  kind: string | null;
  synthetic: boolean;
  chain: { code: string; name: string; level: AreaLevel; bbox: [number, number, number, number] }[];
  bbox: [number, number, number, number];
  households: number;
  population: number;
  gridCount: number;
  compounds: number;
  volunteers: number;
  worker: { code: string; name: string; phone: string | null; employment: string } | null;
  sites: { code: string; kind: string; name: string }[];
  siteCounts: Record<string, number>;
}

const bboxSql = (geom: string) => `json_build_array(ST_XMin(${geom}), ST_YMin(${geom}), ST_XMax(${geom}), ST_YMax(${geom}))`;

/**
 * Reads the card of an area by code, or undefined when no such area exists.
 *
 * @example
 * const card = await readAreaCard(database, '21010300100101');
 */
export async function readAreaCard(database: Database, code: string, siteLimit = 30): Promise<AreaCardRow | undefined> {
  const entry = tables[code.length];
  if (!entry || !/^[0-9]+$/.test(code)) return undefined;
  const [level, table] = entry;
  const chainParts = Object.entries(tables)
    .filter(([length]) => Number(length) <= code.length)
    .map(
      ([length, [lvl, tbl]]) =>
        `SELECT ${length} AS depth, code, name, '${lvl}' AS level, ${bboxSql('geom')} AS bbox FROM ${tbl} WHERE code = left($1, ${length})`,
    );
  const chain = await database.pool.query(`SELECT code, name, level, bbox FROM (${chainParts.join(' UNION ALL ')}) c ORDER BY depth`, [code]);
  if (chain.rows.at(-1)?.code !== code) return undefined;
  const digits = 14 - code.length;
  const grids = digits ? `g.code BETWEEN $1 || '${'0'.repeat(digits)}' AND $1 || '${'9'.repeat(digits)}'` : 'g.code = $1';
  const kind = level === 'district' ? 'NULL' : 'a.kind';
  const { rows } = await database.pool.query(
    `WITH a AS (SELECT * FROM ${table} WHERE code = $1),
     inside AS (SELECT s.code, s.kind, s.name FROM sites s, a WHERE s.geom && a.geom AND ST_Intersects(s.geom, a.geom))
     SELECT a.synthetic, ${kind} AS kind, ${bboxSql('a.geom')} AS bbox,
       (SELECT json_build_object('households', coalesce(sum(g.households), 0), 'population', coalesce(sum(g.population), 0), 'grids', count(*))
          FROM grid_cells g WHERE ${grids}) AS figures,
       (SELECT count(*) FROM compounds c WHERE c.geom && a.geom AND ST_Intersects(c.geom, a.geom))::int AS compounds,
       (SELECT count(*) FROM volunteers v JOIN grid_cells g ON g.code = v.grid_code WHERE ${grids})::int AS volunteers,
       ${
         level === 'grid'
           ? `(SELECT json_build_object('code', w.code, 'name', w.name, 'phone', w.phone, 'employment', w.employment)
          FROM grid_workers w WHERE w.code = a.worker_code)`
           : 'NULL'
       } AS worker,
       (SELECT coalesce(json_agg(i ORDER BY i.kind, i.code), '[]') FROM (SELECT * FROM inside ORDER BY kind, code LIMIT ${siteLimit}) i) AS sites,
       (SELECT coalesce(json_object_agg(kind, n), '{}') FROM (SELECT kind, count(*) AS n FROM inside GROUP BY kind) k) AS site_counts
     FROM a`,
    [code],
  );
  const row = rows[0];
  const current = chain.rows.at(-1)!;
  return {
    code,
    name: current.name,
    level,
    kind: row.kind,
    synthetic: row.synthetic,
    chain: chain.rows,
    bbox: row.bbox,
    households: Number(row.figures.households),
    population: Number(row.figures.population),
    gridCount: Number(row.figures.grids),
    compounds: row.compounds,
    volunteers: row.volunteers,
    worker: row.worker,
    sites: row.sites,
    siteCounts: row.site_counts,
  };
}
