import { MVTLayer } from '@deck.gl/geo-layers';
import { MVTLoader } from '@loaders.gl/mvt';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { state } from '../app/state.ts';
import { coverageData, coverageKey, coverageTileUrl, coverageValue, ensureCoverageData, indexCoverage, ramp } from './coverage-store.ts';

/** Per-grid choropleth over the grid tiles (from z12) and staffed watch posts with their radius. */
export function coverageLayers(zoom: number, refresh: () => void): Layer[] {
  if (!state.visible.coverage) return [];
  ensureCoverageData(refresh);
  const current = coverageData();
  if (!current || !coverageTileUrl()) return [];
  indexCoverage();
  const trigger = `${coverageKey()}|${state.coverage.metric}`;
  if (zoom < 12) return [];
  const layers: Layer[] = [
    new MVTLayer({
      id: 'coverage-grids',
      data: coverageTileUrl(),
      minZoom: 12,
      maxZoom: 16,
      binary: false,
      // parse tiles on the main thread: loaders.gl's worker would be fetched from a CDN (no outside requests)
      loaders: [MVTLoader],
      loadOptions: { core: { worker: false } },
      getFillColor: (f: { properties: { code: string } }) => {
        const value = coverageValue(f.properties.code);
        return value === undefined ? [0, 0, 0, 0] : ramp(value);
      },
      stroked: false,
      updateTriggers: { getFillColor: trigger },
    }) as Layer,
  ];
  if (zoom >= 14) {
    layers.push(
      new ScatterplotLayer({
        id: 'coverage-posts',
        data: { length: current.posts.code.length },
        getPosition: (_: unknown, { index }: { index: number }) => [current.posts.lon[index]!, current.posts.lat[index]!],
        getRadius: state.coverage.radius,
        radiusUnits: 'meters',
        filled: true,
        getFillColor: [21, 101, 192, 12],
        stroked: true,
        getLineColor: [21, 101, 192, 150],
        lineWidthMinPixels: 1,
        updateTriggers: { getRadius: state.coverage.radius },
      }) as Layer,
    );
  }
  return layers;
}
