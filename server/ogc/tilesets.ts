import type { Tileset } from '../../core/contracts/ogc-tiles.ts';
import type { TileLayerId } from '../../core/tiles/layer-ids.ts';
import { tileLayers, type TileLayerDef } from '../../db/tiles/layers.ts';
import { lonLatToTile } from '../../db/tiles/tile-math.ts';
import { LABEL_ATTRIBUTES } from '../../db/tiles/sql.ts';
import { epsg3857Uri, webMercatorQuadId, webMercatorQuadUri } from './tile-matrix-set.ts';

/**
 * OGC API – Tiles documents for the vector tiles: per collection (one layer, its existing
 * `/tiles/{layer}/{z}/{x}/{y}` URLs) and for the dataset (every layer in one tile).
 */

const mvt = 'application/vnd.mapbox-vector-tile';
const json = 'application/json';
const crs84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const relTilesetsVector = 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector';
export const relTilingScheme = 'http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme';
type Bbox = [number, number, number, number];

/** The MVT layers a tile layer puts in its tiles: the features, and label points for polygons. */
function mvtLayers(def: TileLayerDef): Tileset['layers'] {
  const props = (fields: Record<string, string>) => ({
    type: 'object' as const,
    properties: Object.fromEntries(Object.entries(fields).map(([name, type]) => [name, { type: type === 'Number' ? 'number' : 'string' }])),
  });
  const layers: Tileset['layers'] = [
    {
      id: def.id,
      title: def.description,
      dataType: 'vector',
      geometryDimension: def.geometry === 'polygon' ? 2 : 0,
      minTileMatrix: String(def.minzoom),
      maxTileMatrix: String(def.maxzoom),
      propertiesSchema: props(def.fields),
    },
  ];
  if (def.geometry === 'polygon') {
    layers.push({
      id: `${def.id}_label`,
      title: `label points of ${def.id}`,
      dataType: 'vector',
      geometryDimension: 0,
      minTileMatrix: String(Math.max(def.minzoom, def.labelMinzoom ?? 0)),
      maxTileMatrix: String(def.maxzoom),
      propertiesSchema: props(Object.fromEntries(LABEL_ATTRIBUTES.map((f) => [f, def.fields[f]!]))),
    });
  }
  return layers;
}

/** The tiles covering `bbox` at each zoom from `min` to `max` (clients then skip empty requests). */
function limits(bbox: Bbox, min: number, max: number): Tileset['tileMatrixSetLimits'] {
  return Array.from({ length: max - min + 1 }, (_, i) => {
    const z = min + i;
    const nw = lonLatToTile(bbox[0], bbox[3], z);
    const se = lonLatToTile(bbox[2], bbox[1], z);
    return { tileMatrix: String(z), minTileRow: nw.y, maxTileRow: se.y, minTileCol: nw.x, maxTileCol: se.x };
  });
}

function tileset(title: string, self: string, base: string, template: string, layers: Tileset['layers'], bbox: Bbox): Tileset {
  const min = Math.min(...layers.map((l) => Number(l.minTileMatrix)));
  const max = Math.max(...layers.map((l) => Number(l.maxTileMatrix)));
  return {
    title,
    dataType: 'vector',
    crs: epsg3857Uri,
    tileMatrixSetURI: webMercatorQuadUri,
    links: [
      { href: self, rel: 'self', type: json, title: 'this tileset' },
      { href: `${base}/ogc/tileMatrixSets/${webMercatorQuadId}`, rel: relTilingScheme, type: json, title: 'the tile matrix set' },
      { href: template, rel: 'item', type: mvt, title: 'Mapbox vector tiles', templated: true },
    ],
    tileMatrixSetLimits: limits(bbox, min, max),
    boundingBox: { lowerLeft: [bbox[0], bbox[1]], upperRight: [bbox[2], bbox[3]], crs: crs84 },
    centerPoint: { coordinates: [(bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2], crs: crs84, tileMatrix: String(Math.max(min, 10)) },
    layers,
  };
}

/**
 * A collection's tileset: its tile URL template is the existing `/tiles/{layer}/…` route, with the data
 * version so the tiles are cached until the data changes.
 *
 * @example
 * layerTileset('http://localhost:8080', 'grid_cells', 35, [123.1, 41.6, 123.7, 42.0]).links[2].href
 * // 'http://localhost:8080/tiles/grid_cells/{tileMatrix}/{tileCol}/{tileRow}.pbf?v=35'
 */
export function layerTileset(base: string, layer: TileLayerId, version: number, bbox: Bbox): Tileset {
  const def = tileLayers[layer];
  const template = `${base}/tiles/${layer}/{tileMatrix}/{tileCol}/{tileRow}.pbf?v=${version}`;
  return tileset(def.description, `${base}/ogc/collections/${layer}/tiles/${webMercatorQuadId}`, base, template, mvtLayers(def), bbox);
}

/**
 * The dataset tileset: every layer in one tile (`/ogc/tiles/WebMercatorQuad/{z}/{row}/{col}`).
 *
 * @example
 * datasetTileset('http://localhost:8080', bbox).layers.map((l) => l.id) // ['districts', 'districts_label', 'streets', …]
 */
export function datasetTileset(base: string, layers: readonly TileLayerId[], bbox: Bbox): Tileset {
  const template = `${base}/ogc/tiles/${webMercatorQuadId}/{tileMatrix}/{tileRow}/{tileCol}`;
  const all = layers.flatMap((layer) => mvtLayers(tileLayers[layer]));
  return tileset('平安网格 · Pingan Grid (all layers)', `${base}/ogc/tiles/${webMercatorQuadId}`, base, template, all, bbox);
}

/**
 * The tilesets list of a collection or the dataset (Tiles 1.0: one item per tile matrix set).
 *
 * @example
 * tilesetList(doc, 'http://localhost:8080/ogc/collections/streets/tiles').tilesets[0].tileMatrixSetURI // webMercatorQuadUri
 */
export function tilesetList(set: Tileset, self: string) {
  return {
    links: [{ href: self, rel: 'self', type: json, title: 'tilesets' }],
    tilesets: [
      {
        title: set.title,
        dataType: set.dataType,
        crs: set.crs,
        tileMatrixSetURI: set.tileMatrixSetURI,
        links: [{ ...set.links[0]!, rel: 'self' }, { ...set.links[1]! }],
      },
    ],
  };
}
