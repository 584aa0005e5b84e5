import type { Queryable } from './imports.ts';
import type { AboutLevel } from '../../core/contracts/about.ts';

/** Counts of one area table by kind, with how many rows are synthetic. */
export interface AboutCounts {
  districts: AboutLevel;
  streets: AboutLevel;
  communities: AboutLevel;
  gridCells: AboutLevel;
  codeVintages: string[];
  districtAreas: { code: string; name: string; areaKm2: number; source: string }[];
}

// the table names are constants of this file, never input
const levelSql = (table: string, kind: string) =>
  `SELECT '${table}' AS level, ${kind} AS kind, count(*)::int AS n, count(*) FILTER (WHERE synthetic)::int AS synthetic FROM ${table} GROUP BY 2`;

/**
 * What the database holds, counted now: units per level and kind, code vintages, and each district's
 * area on the spheroid (km²), for the "about the data" page.
 *
 * @example
 * const counts = await aboutCounts(database.pool); // counts.streets.byKind.subdistrict === 112 on the full demo
 */
export async function aboutCounts(db: Queryable): Promise<AboutCounts> {
  const levels = await db.query<{ level: string; kind: string; n: number; synthetic: number }>(
    [levelSql('districts', `'district'`), levelSql('streets', 'kind'), levelSql('communities', 'kind'), levelSql('grid_cells', 'kind')].join(' UNION ALL '),
  );
  const empty = (): AboutLevel => ({ total: 0, byKind: {}, synthetic: 0 });
  const by: Record<string, AboutLevel> = { districts: empty(), streets: empty(), communities: empty(), grid_cells: empty() };
  for (const row of levels.rows) {
    const level = by[row.level]!;
    level.total += row.n;
    level.synthetic += row.synthetic;
    level.byKind[row.kind] = row.n;
  }
  const vintages = await db.query<{ v: string }>(
    `SELECT DISTINCT code_vintage AS v FROM (SELECT code_vintage FROM districts UNION ALL SELECT code_vintage FROM streets
     UNION ALL SELECT code_vintage FROM communities) t ORDER BY 1`,
  );
  const areas = await db.query<{ code: string; name: string; km2: number; source: string }>(
    `SELECT code, name, (ST_Area(geom::geography) / 1e6)::float8 AS km2, source FROM districts ORDER BY code`,
  );
  return {
    districts: by.districts!,
    streets: by.streets!,
    communities: by.communities!,
    gridCells: by.grid_cells!,
    codeVintages: vintages.rows.map((r) => r.v),
    districtAreas: areas.rows.map((r) => ({ code: r.code, name: r.name, areaKm2: r.km2, source: r.source })),
  };
}
