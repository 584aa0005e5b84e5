import { MVTLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { api } from '../api/client.ts';
import { signedIn, state } from '../app/state.ts';
import type { CoverageResponse } from '../../../server/contracts/map.ts';

let data: CoverageResponse | undefined;
let dataKey = '';
let byCode = new Map<string, number>();
let tileUrl = '';
export const coverageListeners = new Set<(data: CoverageResponse | undefined) => void>();

export const setCoverageTileUrl = (url: string) => {
  tileUrl = url;
};

/** Red (0) → amber → green (1) for a 0–1 value. */
export function ramp(value: number): [number, number, number, number] {
  const v = Math.max(0, Math.min(1, value));
  return v < 0.5 ? [215, Math.round(48 + v * 2 * 150), 39, 170] : [Math.round(215 - (v - 0.5) * 2 * 189), 198, Math.round(39 + (v - 0.5) * 2 * 60), 170];
}

function ensureData(refresh: () => void) {
  const key = `${signedIn()}|${state.coverage.radius}`;
  if (key === dataKey) return;
  dataKey = key;
  data = undefined;
  coverageListeners.forEach((listener) => listener(undefined));
  if (!signedIn()) return;
  void api.coverage(state.coverage.radius).then((loaded) => {
    if (dataKey !== key) return;
    data = loaded;
    coverageListeners.forEach((listener) => listener(loaded));
    refresh();
  });
}

/** value of a grid for the selected metric, normalised to 0–1 (10 volunteers per 1,000 = full) */
function valueOf(code: string): number | undefined {
  if (!data) return undefined;
  const i = byCode.get(code);
  if (i === undefined) return undefined;
  if (state.coverage.metric === 'covered') return data.grids.covered[i]!;
  const per1000 = data.grids.per1000[i];
  return per1000 === null || per1000 === undefined ? undefined : per1000 / 10;
}

/** Per-grid choropleth over the grid tiles (from z12) and staffed watch posts with their radius. */
export function coverageLayers(zoom: number, refresh: () => void): Layer[] {
  if (!state.visible.coverage) return [];
  ensureData(refresh);
  if (!data || !tileUrl) return [];
  byCode = new Map(data.grids.code.map((code, i) => [code, i]));
  const current = data;
  const trigger = `${dataKey}|${state.coverage.metric}`;
  if (zoom < 12) return [];
  const layers: Layer[] = [
    new MVTLayer({
      id: 'coverage-grids',
      data: tileUrl,
      minZoom: 12,
      maxZoom: 16,
      binary: false,
      getFillColor: (f: { properties: { code: string } }) => {
        const value = valueOf(f.properties.code);
        return value === undefined ? [0, 0, 0, 0] : ramp(value);
      },
      stroked: false,
      updateTriggers: { getFillColor: trigger },
    }) as Layer,
  ];
  if (zoom >= 13) {
    layers.push(
      new ScatterplotLayer({
        id: 'coverage-posts',
        data: { length: current.posts.code.length },
        getPosition: (_: unknown, { index }: { index: number }) => [current.posts.lon[index]!, current.posts.lat[index]!],
        getRadius: state.coverage.radius,
        radiusUnits: 'meters',
        filled: true,
        getFillColor: [21, 101, 192, 28],
        stroked: true,
        getLineColor: [21, 101, 192, 200],
        lineWidthMinPixels: 1.5,
        updateTriggers: { getRadius: state.coverage.radius },
      }) as Layer,
    );
  }
  return layers;
}
