/**
 * deck.gl on the MapLibre map, interleaved (drawn in MapLibre's WebGL context, beneath the
 * boundary lines and labels: `beforeId`). Loaded lazily, so the first map render does not wait for
 * deck.gl's code.
 */
import type maplibregl from 'maplibre-gl';
import { MapboxOverlay } from '@deck.gl/mapbox';
import type { Layer } from '@deck.gl/core';
import { styleLayerIds } from '../../../core/contracts/map-palette.ts';
import { incidentLayers } from './incident-layers.ts';
import { coverageLayers } from './coverage-layers.ts';
import { softwareRendering } from './renderer.ts';

export interface Overlay {
  refresh(): void;
}

export function createOverlay(map: maplibregl.Map): Overlay {
  const overlay = new MapboxOverlay({ interleaved: true, layers: [] });
  map.addControl(overlay);
  const gpuAggregation = !softwareRendering(map.getCanvas());
  const refresh = () => {
    const zoom = map.getZoom();
    const layers: Layer[] = [...coverageLayers(zoom, refresh), ...incidentLayers(zoom, refresh, gpuAggregation)];
    overlay.setProps({ layers: layers.map((layer) => layer.clone({ beforeId: styleLayerIds.deckBefore } as never)) });
  };
  // zoom decides heat / hexagon / points: rebuild when crossing a band
  let band = -1;
  map.on('zoom', () => {
    const next = [11, 12, 13, 14].filter((edge) => map.getZoom() >= edge).length;
    if (next !== band) {
      band = next;
      refresh();
    }
  });
  refresh();
  return { refresh };
}
