import { MERCATOR_HALF } from '../../db/tiles/tile-math.ts';

/**
 * WebMercatorQuad, the one tile matrix set the tiles use (the `/tiles/{layer}/{z}/{x}/{y}` pyramid), in
 * the OGC Two Dimensional Tile Matrix Set 2.0 JSON encoding that GDAL and QGIS read. Zoom z is the tile
 * matrix "z"; tile column = x, tile row = y, both from the top left.
 */

export const webMercatorQuadId = 'WebMercatorQuad';
export const webMercatorQuadUri = 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad';
export const epsg3857Uri = 'http://www.opengis.net/def/crs/EPSG/0/3857';
/** Deepest tile matrix listed (the tile routes accept z ≤ 24). */
export const deepestTileMatrix = 24;

// Scale denominator of zoom 0 for 256-pixel tiles at the standard 0.28 mm pixel (the value in the standard).
const scale0 = 559082264.028717;

/**
 * The WebMercatorQuad definition, zooms 0–24.
 *
 * @example
 * webMercatorQuad().tileMatrices[12].matrixWidth // 4096
 */
export function webMercatorQuad() {
  const topLeft: [number, number] = [-MERCATOR_HALF, MERCATOR_HALF];
  // TMS 2.0 members, plus the 1.0 ones (identifier, supportedCRS, boundingBox corners, topLeftCorner) that
  // GDAL 3.6 and older (Debian 12, QGIS 3.22 builds) still parse; newer readers take the 2.0 ones
  return {
    id: webMercatorQuadId,
    identifier: webMercatorQuadId,
    title: 'Google Maps Compatible for the World (Web Mercator)',
    uri: webMercatorQuadUri,
    crs: epsg3857Uri,
    supportedCRS: epsg3857Uri,
    orderedAxes: ['X', 'Y'] as [string, string],
    wellKnownScaleSet: 'http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible',
    boundingBox: {
      crs: epsg3857Uri,
      lowerLeft: [-MERCATOR_HALF, -MERCATOR_HALF] as [number, number],
      upperRight: [MERCATOR_HALF, MERCATOR_HALF] as [number, number],
      lowerCorner: [-MERCATOR_HALF, -MERCATOR_HALF] as [number, number],
      upperCorner: [MERCATOR_HALF, MERCATOR_HALF] as [number, number],
    },
    tileMatrices: Array.from({ length: deepestTileMatrix + 1 }, (_, z) => ({
      id: String(z),
      identifier: String(z),
      scaleDenominator: scale0 / 2 ** z,
      cellSize: (2 * MERCATOR_HALF) / 256 / 2 ** z,
      cornerOfOrigin: 'topLeft' as const,
      pointOfOrigin: topLeft,
      topLeftCorner: topLeft,
      tileWidth: 256,
      tileHeight: 256,
      matrixWidth: 2 ** z,
      matrixHeight: 2 ** z,
    })),
  };
}

/**
 * `/ogc/tileMatrixSets`: the list (one entry).
 *
 * @example
 * tileMatrixSets('http://localhost:8080').tileMatrixSets[0].id // 'WebMercatorQuad'
 */
export function tileMatrixSets(base: string) {
  return {
    tileMatrixSets: [
      {
        id: webMercatorQuadId,
        title: 'Web Mercator (WebMercatorQuad)',
        uri: webMercatorQuadUri,
        links: [{ href: `${base}/ogc/tileMatrixSets/${webMercatorQuadId}`, rel: 'self', type: 'application/json', title: 'the tile matrix set' }],
      },
    ],
  };
}
