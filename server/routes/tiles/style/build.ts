import type { Env } from '../../../../core/env.ts';
import { tileLayers } from '../../../../db/tiles/layers.ts';
import { tileLayerIds, type TileLayerId } from '../../../../core/tiles/layer-ids.ts';
import { ATTRIBUTION } from '../../../../core/contracts/map.ts';
import { palette } from '../../../../core/contracts/map-palette.ts';
import { tileUrl, SHENYANG_BOUNDS } from '../tilejson.ts';
import { basemapFor } from './basemap.ts';
import { areaLayers, labelLayers, pointLayers, type StyleKind } from './layers.ts';

/**
 * The MapLibre style (spec v8). Tile URLs are inlined with their data versions (one request fewer
 * per source than TileJSON, same never-stale URLs). No `glyphs`: MapLibre draws the Chinese labels
 * with a local font, and nothing is requested outside the app unless a basemap is configured.
 *
 * @example
 * const style = buildStyle(env, 'http://localhost:8080', { districts: 3, ... }, null, { version: 1, kinds: [{ kind: 'watch_post', color: '#1565c0', shape: 'circle' }] });
 */
export function buildStyle(
  env: Env,
  origin: string,
  versions: Record<TileLayerId, number>,
  dataBounds: [number, number, number, number] | null = null,
  /** the site_kinds registry and its data version (in the metadata, so a client can tell the style changed) */
  siteKinds: { version: number; kinds: StyleKind[] } = { version: 0, kinds: [] },
) {
  const sources: Record<string, unknown> = {};
  for (const id of tileLayerIds) {
    const def = tileLayers[id];
    sources[id] = {
      type: 'vector',
      tiles: [tileUrl(origin, id, versions[id])],
      minzoom: def.minzoom,
      maxzoom: def.maxzoom,
      bounds: [-180, -85.0511, 180, 85.0511],
      promoteId: 'code',
      ...(id === 'districts' ? { attribution: ATTRIBUTION } : {}),
    };
  }
  const basemap = basemapFor(env, origin);
  const [w, s, e, n] = dataBounds ?? SHENYANG_BOUNDS;
  return {
    version: 8,
    name: '平安网格一张图 · Pingan Grid',
    metadata: {
      'pingan:attribution': ATTRIBUTION,
      'pingan:basemap': basemap ? 'configured' : 'offline',
      'pingan:bounds': [w, s, e, n],
      'pingan:siteKinds': siteKinds.version,
    },
    center: [(w + e) / 2, (s + n) / 2],
    zoom: 8,
    sources: { ...(basemap?.sources ?? {}), ...sources },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': palette.background } },
      ...(basemap?.layers ?? []),
      ...areaLayers(basemap ? 0.35 : 1),
      ...pointLayers(siteKinds.kinds),
      ...labelLayers(siteKinds.kinds),
    ],
  };
}
