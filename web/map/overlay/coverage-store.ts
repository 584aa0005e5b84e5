/**
 * Volunteer-coverage data and colours, without deck.gl (the panel legend uses `ramp`).
 */
import { api } from '../api.ts';
import { signedIn, state } from '../app/state.ts';
import type { CoverageResponse } from '../../../core/contracts/map.ts';

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

export function ensureCoverageData(refresh: () => void) {
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
export function coverageValue(code: string): number | undefined {
  if (!data) return undefined;
  const i = byCode.get(code);
  if (i === undefined) return undefined;
  if (state.coverage.metric === 'covered') return data.grids.covered[i]!;
  const per1000 = data.grids.per1000[i];
  return per1000 === null || per1000 === undefined ? undefined : per1000 / 10;
}

export const coverageData = () => data;
export const coverageKey = () => dataKey;
export const coverageTileUrl = () => tileUrl;
/** call after new data arrived: index grid codes once */
let indexed: CoverageResponse | undefined;
export function indexCoverage() {
  if (data && indexed !== data) {
    byCode = new Map(data.grids.code.map((code, i) => [code, i]));
    indexed = data;
  }
}
