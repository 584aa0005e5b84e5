/**
 * Hotspot inputs: incidents per grid cell in a period and the one before it, and which grid cells
 * touch (shared edge or corner). Counts are aggregates; no incident detail leaves this module.
 */
import type { Queryable } from './coverage.ts';

export interface GridCountRow {
  code: string;
  name: string;
  households: number;
  incidents: number;
  previous: number;
}

export interface HotspotFilter {
  prefix: string;
  from: Date;
  to: Date;
  previousFrom: Date;
  /** category codes; null = all */
  categories: string[] | null;
}

/**
 * Incidents reported in [from, to) and in [previousFrom, from) per grid cell under the prefix.
 *
 * @example
 * const rows = await gridIncidentCounts(pool, { prefix: '210103', from, to, previousFrom, categories: ['dispute'] });
 */
export async function gridIncidentCounts(db: Queryable, filter: HotspotFilter): Promise<GridCountRow[]> {
  const { rows } = await db.query<GridCountRow>(
    `SELECT g.code, g.name, g.households,
            count(i.id) FILTER (WHERE i.reported_at >= $2)::int AS incidents,
            count(i.id) FILTER (WHERE i.reported_at < $2)::int AS previous
     FROM grid_cells g
     LEFT JOIN incidents i ON i.grid_code = g.code AND i.reported_at >= $4 AND i.reported_at < $3
          AND ($5::text[] IS NULL OR i.category = ANY($5::text[]))
     WHERE g.code LIKE $1 || '%'
     GROUP BY g.code ORDER BY g.code`,
    [filter.prefix, filter.from, filter.to, filter.previousFrom, filter.categories],
  );
  return rows;
}

/**
 * Pairs of grid cells under the prefix that touch or overlap (a 1e-7° ≈ 1 cm tolerance absorbs
 * floating-point slivers between cells drawn from the same partition), each pair once (a < b).
 *
 * @example
 * const pairs = await touchingGrids(pool, '210103');
 */
export async function touchingGrids(db: Queryable, prefix: string): Promise<{ a: string; b: string }[]> {
  const { rows } = await db.query<{ a: string; b: string }>(
    `SELECT a.code AS a, b.code AS b
     FROM grid_cells a JOIN grid_cells b ON a.code < b.code AND ST_DWithin(a.geom, b.geom, 1e-7)
     WHERE a.code LIKE $1 || '%' AND b.code LIKE $1 || '%'`,
    [prefix],
  );
  return rows;
}

/** Which of the given category codes exist in the registry; codes of a group. */
export async function incidentCategoryCodes(db: Queryable, group?: string): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(`SELECT code FROM incident_categories WHERE $1::text IS NULL OR "group" = $1 ORDER BY sort_order, code`, [
    group ?? null,
  ]);
  return rows.map((r) => r.code);
}

/** When the newest incident under the prefix was reported (of the categories, if given); null when none. */
export async function newestIncident(db: Queryable, prefix: string, categories: string[] | null): Promise<Date | null> {
  const { rows } = await db.query<{ newest: Date | null }>(
    `SELECT max(reported_at) AS newest FROM incidents
     WHERE coalesce(grid_code, '') LIKE $1 || '%' AND ($2::text[] IS NULL OR category = ANY($2::text[]))`,
    [prefix, categories],
  );
  return rows[0]?.newest ?? null;
}
