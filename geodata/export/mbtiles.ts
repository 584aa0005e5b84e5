import { writeFile } from 'node:fs/promises';
import { loadSqlite } from '../importers/readers/geopackage.ts';
import type { TileSet } from './tiles.ts';

/**
 * Writes a tile set as an MBTiles 1.3 file (SQLite through sql.js): the `metadata` table (name, format
 * pbf, bounds, center, min/max zoom, `json` with vector_layers) and `tiles` with gzip-compressed MVT.
 * MBTiles rows count from the bottom (TMS), so tile_row = 2^z − 1 − y.
 *
 * @example
 * await writeMbtiles(await collectTiles(database, { maxzoom: 12 }), 'city.mbtiles');
 */
export async function writeMbtiles(set: TileSet, file: string): Promise<void> {
  const SQL = await loadSqlite();
  const db = new SQL.Database();
  try {
    db.run(`CREATE TABLE metadata (name TEXT, value TEXT);
      CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
      CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);`);
    const { vector_layers, ...rest } = set.metadata;
    const [w, s, e, n] = set.bbox;
    const metadata: Record<string, string> = {
      ...Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, String(value)])),
      bounds: set.bbox.join(','),
      center: `${(w + e) / 2},${(s + n) / 2},${Math.min(set.maxzoom, 10)}`,
      minzoom: String(set.minzoom),
      maxzoom: String(set.maxzoom),
      json: JSON.stringify({ vector_layers }),
    };
    const meta = db.prepare('INSERT INTO metadata (name, value) VALUES (?, ?)');
    for (const [name, value] of Object.entries(metadata)) meta.run([name, value]);
    meta.free();
    db.run('BEGIN');
    const insert = db.prepare('INSERT INTO tiles (zoom_level, tile_column, tile_row, tile_data) VALUES (?, ?, ?, ?)');
    for (const tile of set.tiles) insert.run([tile.z, tile.x, 2 ** tile.z - 1 - tile.y, tile.data]);
    insert.free();
    db.run('COMMIT');
    await writeFile(file, db.export());
  } finally {
    db.close();
  }
}
