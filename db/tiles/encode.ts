/**
 * Mapbox Vector Tile encoding in JavaScript, for the embedded database (PGlite has no `ST_AsMVT`).
 * Input geometry is GeoJSON already in integer tile units with MVT winding, as `embeddedTileSql`
 * returns it; serialization is `@maplibre/vt-pbf`.
 */
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { TILE_EXTENT } from './layers.ts';

type Position = [number, number];
export type TileGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface TileFeature {
  geometry: TileGeometry;
  properties: Record<string, string | number | boolean | null>;
}

interface VtFeature {
  type: 1 | 3;
  geometry: Position[] | Position[][];
  tags: Record<string, string | number | boolean>;
}

function toVtFeature(feature: TileFeature): VtFeature | undefined {
  // MVT has no null: absent attributes are simply not written (as ST_AsMVT does).
  const tags = Object.fromEntries(Object.entries(feature.properties).filter(([, value]) => value !== null)) as VtFeature['tags'];
  const { geometry } = feature;
  switch (geometry.type) {
    case 'Point':
      return { type: 1, geometry: [geometry.coordinates], tags };
    case 'MultiPoint':
      return geometry.coordinates.length ? { type: 1, geometry: geometry.coordinates, tags } : undefined;
    case 'Polygon':
      return geometry.coordinates.length ? { type: 3, geometry: geometry.coordinates, tags } : undefined;
    case 'MultiPolygon': {
      // One MVT feature, rings in sequence: winding tells exterior rings from holes.
      const rings = geometry.coordinates.flat();
      return rings.length ? { type: 3, geometry: rings, tags } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Encodes named layers of tile-unit GeoJSON features into one MVT (version 2, extent 4096).
 * Layers without features are left out, so an empty tile is zero bytes, as with `ST_AsMVT`.
 *
 * @example
 * const bytes = encodeTile({ sites: [{ geometry: { type: 'Point', coordinates: [10, 20] }, properties: { code: 'S1' } }] });
 */
export function encodeTile(layers: Record<string, TileFeature[]>): Uint8Array {
  const input: Record<string, { features: VtFeature[] }> = {};
  for (const [name, features] of Object.entries(layers)) {
    const encoded = features.map(toVtFeature).filter((feature): feature is VtFeature => feature !== undefined);
    if (encoded.length) input[name] = { features: encoded };
  }
  if (!Object.keys(input).length) return new Uint8Array(0);
  return fromGeojsonVt(input as never, { version: 2, extent: TILE_EXTENT });
}
