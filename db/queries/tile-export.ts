import type { Database } from '../client.ts';

/** Reads for `npm run geodata -- export-tiles`: where an area is. */

export interface AreaExtent {
  code: string;
  name: string;
  /** [west, south, east, north] in lon/lat */
  bbox: [number, number, number, number];
}

// An area code's length names its level (GB/T 2260 district 6, street 9, community 12, grid 14).
const tableByLength: Record<number, string> = { 6: 'districts', 9: 'streets', 12: 'communities', 14: 'grid_cells' };

/**
 * The name and bounding box of a district, street, community or grid cell by its code; undefined when
 * there is no such area.
 *
 * @example
 * await areaExtent(database, '210102') // { code: '210102', name: '和平区', bbox: [123.2, 41.6, 123.5, 41.8] }
 */
export async function areaExtent(database: Database, code: string): Promise<AreaExtent | undefined> {
  const table = tableByLength[code.length];
  if (!table || !/^\d+$/.test(code)) return undefined;
  const { rows } = await database.pool.query<{ name: string; w: number; s: number; e: number; n: number }>(
    `SELECT name, ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n FROM ${table} WHERE code = $1`,
    [code],
  );
  const row = rows[0];
  return row ? { code, name: row.name, bbox: [row.w, row.s, row.e, row.n].map(Number) as AreaExtent['bbox'] } : undefined;
}
