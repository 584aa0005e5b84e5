/** Pure Web-Mercator tile helpers (EPSG:3857), dependency-free. */

/** Half the Web-Mercator world width in metres (π × 6378137). */
export const MERCATOR_HALF = Math.PI * 6378137;

/**
 * Size of one tile unit in metres at zoom `z` for an `extent`-unit tile: the tolerance for
 * zoom-dependent simplification (a vertex closer than this is invisible).
 *
 * @example
 * tileUnitMetres(0, 4096) // ≈ 9783.94
 */
export function tileUnitMetres(z: number, extent = 4096): number {
  return (2 * MERCATOR_HALF) / 2 ** z / extent;
}

/**
 * The tile's bounds in EPSG:3857 metres, optionally grown by `margin` (a fraction of the tile size,
 * as in PostGIS `ST_TileEnvelope(..., margin)`).
 *
 * @example
 * tileBounds3857(1, 0, 0) // [-20037508.34, 0, 0, 20037508.34]
 */
export function tileBounds3857(z: number, x: number, y: number, margin = 0): [number, number, number, number] {
  const size = (2 * MERCATOR_HALF) / 2 ** z;
  const xmin = -MERCATOR_HALF + x * size;
  const ymax = MERCATOR_HALF - y * size;
  return [xmin - margin * size, ymax - size - margin * size, xmin + size + margin * size, ymax + margin * size];
}

/**
 * Tile that contains a WGS-84 point at zoom `z`.
 *
 * @example
 * lonLatToTile(123.4315, 41.7968, 12) // { x: 3452, y: 1523 }  (沈阳 center)
 */
export function lonLatToTile(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}

/** Whether z/x/y names a tile of the Web-Mercator pyramid. */
export function isValidTile(z: number, x: number, y: number): boolean {
  return Number.isInteger(z) && z >= 0 && z <= 24 && Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < 2 ** z && y < 2 ** z;
}
