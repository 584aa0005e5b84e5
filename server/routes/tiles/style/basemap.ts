/**
 * Optional basemaps, off unless configured (command centers run on intranets): Tianditu (天地图,
 * CGCS2000 ≈ WGS-84, so our data lines up), any XYZ raster, or a local .pmtiles archive that the
 * server itself serves with range requests (`/basemap.pmtiles`).
 */
import { openSync, readSync, closeSync } from 'node:fs';
import type { Env } from '../../../../core/env.ts';

export interface Basemap {
  sources: Record<string, unknown>;
  layers: Record<string, unknown>[];
}

const raster = (id: string, tiles: string[], attribution: string, maxzoom = 18): Basemap => ({
  sources: { [id]: { type: 'raster', tiles, tileSize: 256, maxzoom, attribution } },
  layers: [{ id, type: 'raster', source: id }],
});

/** PMTiles v3 header byte 99 is the tile type: 1 MVT, 2 PNG, 3 JPEG, 4 WebP, 5 AVIF. */
function pmtilesTileType(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(127);
    readSync(fd, header, 0, 127, 0);
    if (header.toString('latin1', 0, 7) !== 'PMTiles') throw new Error(`${file} is not a PMTiles archive`);
    return header[99]!;
  } finally {
    closeSync(fd);
  }
}

const tiandituLayer = (layer: string, key: string) =>
  Array.from(
    { length: 8 },
    (_, i) =>
      `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
  );

/**
 * The configured basemap, or none. Precedence: PMTiles file, XYZ URL, Tianditu.
 *
 * @example
 * basemapFor({ ...env, BASEMAP_XYZ_URL: 'http://intranet/tiles/{z}/{x}/{y}.png' }, origin)
 */
export function basemapFor(env: Env, origin: string): Basemap | null {
  if (env.BASEMAP_PMTILES) {
    const type = pmtilesTileType(env.BASEMAP_PMTILES);
    const url = `pmtiles://${origin}/basemap.pmtiles`;
    if (type !== 1) return { sources: { basemap: { type: 'raster', url, tileSize: 256 } }, layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }] };
    // A vector archive: draw the common layers of an OpenStreetMap-derived (Protomaps) basemap.
    return {
      sources: { basemap: { type: 'vector', url } },
      layers: [
        { id: 'basemap-water', type: 'fill', source: 'basemap', 'source-layer': 'water', paint: { 'fill-color': '#b3d1e6' } },
        { id: 'basemap-roads', type: 'line', source: 'basemap', 'source-layer': 'roads', paint: { 'line-color': '#ffffff', 'line-width': 1 } },
      ],
    };
  }
  if (env.BASEMAP_XYZ_URL) return raster('basemap', [env.BASEMAP_XYZ_URL], 'basemap: configured XYZ tiles');
  if (env.TIANDITU_KEY) {
    const vec = raster('basemap', tiandituLayer('vec', env.TIANDITU_KEY), '天地图 Tianditu');
    const cva = raster('basemap-labels', tiandituLayer('cva', env.TIANDITU_KEY), '天地图 Tianditu');
    return { sources: { ...vec.sources, ...cva.sources }, layers: [...vec.layers, ...cva.layers] };
  }
  return null;
}
