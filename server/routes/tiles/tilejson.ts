import type { Context } from 'hono';
import type { Env } from '../../../core/env.ts';
import { publicBase } from '../../access/request-info.ts';
import { tileLayers } from '../../../db/tiles/layers.ts';
import { type TileLayerId } from '../../../core/tiles/layer-ids.ts';
import { LABEL_ATTRIBUTES } from '../../../db/tiles/sql.ts';
import { ATTRIBUTION, type TileJson } from '../../../core/contracts/map.ts';

/** Shenyang's extent, used when a layer has no features yet. */
export const SHENYANG_BOUNDS: [number, number, number, number] = [122.42, 41.19, 123.81, 43.04];

/**
 * The origin clients reached us at (PUBLIC_URL when set, else a trusted proxy's X-Forwarded-*
 * headers, else the request's own), so tile URLs in TileJSON and the style are absolute, as GDAL and
 * other readers need.
 */
export function publicOrigin(c: Context, env: Pick<Env, 'PUBLIC_URL' | 'TRUST_PROXY'>): string {
  return publicBase(c, env);
}

/**
 * The versioned tile URL template of a layer. `/tiles/{layer}/{z}/{x}/{y}` answers with or without
 * the `.pbf` suffix; the template has it because GDAL's MVT driver recognises remote tiles by it.
 */
export const tileUrl = (origin: string, layer: TileLayerId, version: number) => `${origin}/tiles/${layer}/{z}/{x}/{y}.pbf?v=${version}`;

/**
 * TileJSON 3.0.0 for a layer. The tile URL carries the data version, so an edit gives new URLs.
 *
 * @example
 * buildTileJson('grid_cells', 'http://localhost:8080', 35, [124.5, 41, 124.7, 41.16])
 */
export function buildTileJson(layer: TileLayerId, origin: string, version: number, bounds: [number, number, number, number] | null): TileJson {
  const def = tileLayers[layer];
  const box = bounds ?? SHENYANG_BOUNDS;
  const vectorLayer = (id: string, description: string, fields: Record<string, string>, minzoom = def.minzoom) => ({
    id,
    description,
    minzoom,
    maxzoom: def.maxzoom,
    fields,
  });
  const vectorLayers = [vectorLayer(layer, def.description, { ...def.fields })];
  if (def.geometry === 'polygon')
    vectorLayers.push(
      vectorLayer(
        `${layer}_label`,
        `label points of ${layer}`,
        Object.fromEntries(LABEL_ATTRIBUTES.map((f) => [f, def.fields[f]!])),
        Math.max(def.minzoom, def.labelMinzoom ?? 0),
      ),
    );
  return {
    tilejson: '3.0.0',
    name: layer,
    description: def.description,
    version: `1.0.${version}`,
    attribution: ATTRIBUTION,
    scheme: 'xyz',
    tiles: [tileUrl(origin, layer, version)],
    minzoom: def.minzoom,
    maxzoom: def.maxzoom,
    bounds: box,
    center: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2, Math.max(def.minzoom, 10)],
    vector_layers: vectorLayers,
  };
}
