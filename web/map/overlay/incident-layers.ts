import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { signedIn, state } from '../app/state.ts';
import { currentIncidentView, ensureIncidentData, incidentViewKey } from './incident-store.ts';
import { HEX_COLORS } from './incident-data.ts';

/**
 * Heatmap below z11, hexagons z11–14, points from z14 (points only for signed-in callers). Hexagons are
 * binned on the GPU unless WebGL is software-rendered (see `softwareRendering`).
 */
export function incidentLayers(zoom: number, refresh: () => void, gpuAggregation = true): Layer[] {
  if (!state.visible.incidents) return [];
  ensureIncidentData(refresh);
  const v = currentIncidentView();
  if (!v || v.length === 0) return [];
  const key = incidentViewKey();
  const at = (_: unknown, { index }: { index: number }) => [v.positions[index * 2]!, v.positions[index * 2 + 1]!] as [number, number];
  const weight = (_: unknown, { index }: { index: number }) => v.weights[index]!;
  if (zoom < 11) {
    return [
      new HeatmapLayer({
        id: 'incidents-heat',
        data: { length: v.length },
        getPosition: at,
        getWeight: weight,
        radiusPixels: 28,
        intensity: 1.2,
        threshold: 0.03,
        updateTriggers: { getPosition: key, getWeight: key },
      }) as Layer,
    ];
  }
  if (zoom < 14 || !signedIn()) {
    return [
      new HexagonLayer({
        id: 'incidents-hex',
        data: { length: v.length },
        getPosition: at,
        getColorWeight: weight,
        colorAggregation: 'SUM',
        radius: zoom < 12.5 ? 600 : 250,
        coverage: 0.9,
        opacity: 0.55,
        colorRange: HEX_COLORS,
        pickable: false,
        gpuAggregation,
        updateTriggers: { getPosition: key, getColorWeight: key },
      }) as Layer,
    ];
  }
  return [
    new ScatterplotLayer({
      id: 'incidents-points',
      data: { length: v.length, attributes: { getPosition: { value: v.positions, size: 2 }, getFillColor: { value: v.colors, size: 4 } } },
      radiusUnits: 'pixels',
      getRadius: 4,
      stroked: true,
      getLineColor: [255, 255, 255],
      lineWidthMinPixels: 0.5,
      updateTriggers: { getPosition: key, getFillColor: key },
    }) as Layer,
  ];
}
