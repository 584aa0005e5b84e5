/** Small reads that describe the layers: data versions and extents (for TileJSON and the style). */
import type { Database } from '../client.ts';
import { tileLayers } from './layers.ts';
import { type TileLayerId } from '../../core/tiles/layer-ids.ts';

/**
 * Every row of `data_versions` as `{ layer: version }`; one indexed scan of a tiny table.
 *
 * @example
 * const versions = await readDataVersions(database); // { districts: 3, grid_cells: 12, ... }
 */
export async function readDataVersions(database: Database): Promise<Record<string, number>> {
  const { rows } = await database.pool.query<{ layer: string; version: number }>('SELECT layer, version FROM data_versions');
  return Object.fromEntries(rows.map((row) => [row.layer, Number(row.version)]));
}

/**
 * The tile version of a layer: the sum of the versions of the tables it depends on. Every edit bumps
 * one of them, so the sum only grows and names one state of the data.
 *
 * @example
 * tileVersion('districts', { districts: 3, grid_cells: 12 }) // 15
 */
export function tileVersion(layer: TileLayerId, versions: Record<string, number>): number {
  return tileLayers[layer].dependsOn.reduce((sum, table) => sum + (versions[table] ?? 0), 0);
}

/** Bounding box [west, south, east, north] of a layer's features, or null when it is empty. */
export async function layerExtent(database: Database, layer: TileLayerId): Promise<[number, number, number, number] | null> {
  const { rows } = await database.pool.query<{ w: number | null; s: number; e: number; n: number }>(
    `SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n FROM (SELECT ST_Extent(geom) AS x FROM ${tileLayers[layer].table}) q`,
  );
  const row = rows[0];
  return row && row.w !== null ? [row.w, row.s, row.e, row.n] : null;
}
