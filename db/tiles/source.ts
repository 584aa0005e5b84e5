/**
 * One tile-source interface, one implementation per engine, chosen by `database.mode`:
 * PostGIS makes the whole tile in one `ST_AsMVT` statement; the embedded PGlite (no protobuf) runs
 * the same feature query with the geometry in tile units and encodes in JavaScript.
 */
import type { Database } from '../client.ts';
import { embeddedTileSql, postgisTileSql } from './sql.ts';
import { encodeTile, type TileFeature } from './encode.ts';
import { simplifyUnits, tileLayers } from './layers.ts';
import { type TileLayerId } from '../../core/tiles/layer-ids.ts';
import { tileUnitMetres } from './tile-math.ts';

export interface Tile {
  /** the layer's data version the tile was read at (same statement, same snapshot) */
  version: number;
  /** uncompressed MVT bytes; empty when no feature touches the tile */
  mvt: Uint8Array;
}

export interface TileSource {
  readonly engine: 'postgis' | 'embedded';
  tile(layer: TileLayerId, z: number, x: number, y: number): Promise<Tile>;
}

/**
 * Statement parameters of a tile; point layers are not simplified, so they take no tolerance.
 *
 * @example
 * await pool.query(postgisTileSql('grid_cells'), tileParameters('grid_cells', 14, 13810, 6094));
 */
export const tileParameters = (layer: TileLayerId, z: number, x: number, y: number) =>
  tileLayers[layer].geometry === 'polygon' ? [z, x, y, tileUnitMetres(z) * simplifyUnits(tileLayers[layer], z)] : [z, x, y];

/** ST_AsMVT in the database: the tile leaves PostgreSQL ready to send. */
export function postgisTileSource(database: Database): TileSource {
  return {
    engine: 'postgis',
    async tile(layer, z, x, y) {
      // Unnamed on purpose: a named (prepared) statement switches to a generic plan after five runs,
      // and without the tile's numbers PostGIS's per-row work ran 5–7× slower (EXPLAIN ANALYZE).
      const result = await database.pool.query<{ version: number; tile: Buffer }>(postgisTileSql(layer), tileParameters(layer, z, x, y));
      const row = result.rows[0]!;
      return { version: Number(row.version), mvt: row.tile };
    },
  };
}

interface EmbeddedRow {
  version: number;
  shapes: { p: TileFeature['properties']; g: TileFeature['geometry'] }[] | null;
  labels?: { p: TileFeature['properties']; g: TileFeature['geometry'] }[] | null;
}

/** The same features from SQL, encoded by `encodeTile`. */
export function embeddedTileSource(database: Database): TileSource {
  const features = (rows: EmbeddedRow['shapes'] | undefined): TileFeature[] => (rows ?? []).map((row) => ({ geometry: row.g, properties: row.p }));
  return {
    engine: 'embedded',
    async tile(layer, z, x, y) {
      const result = await database.pool.query<EmbeddedRow>(embeddedTileSql(layer), tileParameters(layer, z, x, y));
      const row = result.rows[0]!;
      const layers: Record<string, TileFeature[]> = { [layer]: features(row.shapes) };
      if (tileLayers[layer].geometry === 'polygon') layers[`${layer}_label`] = features(row.labels);
      return { version: Number(row.version), mvt: encodeTile(layers) };
    },
  };
}

/**
 * The tile source for this database.
 *
 * @example
 * const source = createTileSource(database);
 * const { version, mvt } = await source.tile('districts', 8, 215, 95);
 */
export function createTileSource(database: Database): TileSource {
  return database.mode === 'postgis' ? postgisTileSource(database) : embeddedTileSource(database);
}
