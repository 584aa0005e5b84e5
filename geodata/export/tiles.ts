import { gzipSync } from 'node:zlib';
import type { Database } from '../../db/client.ts';
import { createTileSource } from '../../db/tiles/source.ts';
import { tileLayers } from '../../db/tiles/layers.ts';
import { lonLatToTile } from '../../db/tiles/tile-math.ts';
import { LABEL_ATTRIBUTES } from '../../db/tiles/sql.ts';
import { layerExtent } from '../../db/tiles/meta.ts';
import { areaExtent } from '../../db/queries/tile-export.ts';
import type { TileLayerId } from '../../core/tiles/layer-ids.ts';
import { ATTRIBUTION } from '../../core/contracts/map.ts';

/**
 * The tiles of an offline export: the boundary layers and sites, every zoom up to `maxzoom`, over the
 * city or one area, made by the very tile source the server uses (ST_AsMVT on PostGIS, the JS encoder
 * on the embedded engine). One tile holds every layer of its zoom: MVT layers are a repeated protobuf
 * field, so the layers' tiles concatenated are one valid tile.
 */

/** What the archive holds: the boundaries people navigate by, and the sites (cheap: points). */
export const exportLayers: readonly TileLayerId[] = ['districts', 'streets', 'communities', 'grid_cells', 'sites'];
export const defaultMaxzoom = 14;

export type Bbox = [number, number, number, number];

export interface ExportedTile {
  z: number;
  x: number;
  y: number;
  /** gzip-compressed MVT */
  data: Buffer;
}

export interface TileSet {
  tiles: ExportedTile[];
  bbox: Bbox;
  minzoom: number;
  maxzoom: number;
  /** TileJSON-style description (name, vector_layers, attribution, …) for the archive's metadata */
  metadata: Record<string, unknown>;
}

/** The TileJSON `vector_layers` of the exported layers (label layers of polygons included). */
function vectorLayers(maxzoom: number) {
  return exportLayers
    .filter((id) => tileLayers[id].minzoom <= maxzoom)
    .flatMap((id) => {
      const def = tileLayers[id];
      const layer = { id, description: def.description, minzoom: def.minzoom, maxzoom, fields: { ...def.fields } };
      if (def.geometry !== 'polygon') return [layer];
      const fields = Object.fromEntries(LABEL_ATTRIBUTES.map((f) => [f, def.fields[f]!]));
      return [layer, { id: `${id}_label`, description: `label points of ${id}`, minzoom: Math.max(def.minzoom, def.labelMinzoom ?? 0), maxzoom, fields }];
    });
}

/**
 * Reads every non-empty tile of the export. `area` (a district/street/community/grid code) limits the
 * tiles to that area's bounding box; features of neighbours inside those tiles come along.
 *
 * @example
 * const set = await collectTiles(database, { area: '210102', maxzoom: 12 }); set.tiles.length // 61
 */
export async function collectTiles(
  database: Database,
  options: { area?: string; maxzoom: number; onProgress?: (done: number, total: number) => void },
): Promise<TileSet> {
  let bbox: Bbox;
  let name = '平安网格 Pingan Grid';
  if (options.area) {
    const area = await areaExtent(database, options.area);
    if (!area) throw new Error(`--area ${options.area}: no district, street, community or grid cell has this code`);
    bbox = area.bbox;
    name = `${name} · ${area.name} ${area.code}`;
  } else {
    const extent = await layerExtent(database, 'districts');
    if (!extent) throw new Error('the database holds no districts: load a city first (npm run geodata -- demo or import)');
    bbox = extent;
  }
  const source = createTileSource(database);
  const pyramid: { z: number; x: number; y: number }[] = [];
  for (let z = 0; z <= options.maxzoom; z++) {
    const nw = lonLatToTile(bbox[0], bbox[3], z);
    const se = lonLatToTile(bbox[2], bbox[1], z);
    for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) pyramid.push({ z, x, y });
  }
  const tiles: ExportedTile[] = [];
  let done = 0;
  let next = 0;
  // a few tiles at a time: PostGIS makes them on several connections (the embedded engine queues them)
  const worker = async () => {
    while (next < pyramid.length) {
      const { z, x, y } = pyramid[next++]!;
      const layers = exportLayers.filter((id) => z >= tileLayers[id].minzoom && z <= tileLayers[id].maxzoom);
      const parts = (await Promise.all(layers.map((layer) => source.tile(layer, z, x, y)))).map((tile) => tile.mvt).filter((mvt) => mvt.length);
      if (parts.length) tiles.push({ z, x, y, data: gzipSync(Buffer.concat(parts)) });
      options.onProgress?.(++done, pyramid.length);
    }
  };
  await Promise.all(Array.from({ length: database.mode === 'postgis' ? 4 : 1 }, worker));
  const minzoom = 0;
  return {
    tiles,
    bbox,
    minzoom,
    maxzoom: options.maxzoom,
    metadata: {
      name,
      description: 'Boundaries (districts, streets, communities, grid cells) and sites, exported for offline use',
      attribution: ATTRIBUTION,
      version: '1.0.0',
      type: 'overlay',
      format: 'pbf',
      vector_layers: vectorLayers(options.maxzoom),
    },
  };
}
