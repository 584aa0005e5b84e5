/**
 * The planner's map layers over the shared base style: coverage choropleth, uncovered compounds,
 * proposed sites with their reach, and the Gi* hotspot layer. Sources are GeoJSON from the API.
 */
import type maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { CoverageCompound } from '../../core/contracts/planning.ts';
import type { SitingResult } from '../../core/contracts/planning-siting.ts';
import type { GeoCollection } from './api.ts';
import type { Tab } from './state.ts';

/** Share classes (upper bounds) and colours, red (gap) → green (covered). */
export const shareClasses: [number, string][] = [
  [0.5, '#d7301f'],
  [0.7, '#fc8d59'],
  [0.85, '#fdcc8a'],
  [0.95, '#a6d96a'],
  [1.01, '#1a9641'],
];
export const flagColors: Record<string, string> = { hot99: '#b2182b', hot95: '#ef8a62', cold95: '#67a9cf', cold99: '#2166ac' };

const empty = { type: 'FeatureCollection', features: [] } as const;
const layerIds: Record<Tab, string[]> = {
  coverage: ['plan-area-fill', 'plan-area-line', 'plan-uncovered'],
  siting: ['plan-area-fill', 'plan-area-line', 'plan-uncovered', 'plan-reach', 'plan-sites', 'plan-sites-label'],
  hotspots: ['plan-hot-fill', 'plan-hot-line'],
};

const shareColor = [
  'case',
  ['==', ['get', 'share'], null],
  '#bdbdbd',
  ['step', ['get', 'share'], shareClasses[0]![1], ...shareClasses.slice(0, -1).flatMap(([bound], i) => [bound, shareClasses[i + 1]![1]])],
];

/** Adds the sources and layers once (on style load). */
export function addPlanLayers(map: maplibregl.Map) {
  for (const id of ['plan-areas', 'plan-compounds', 'plan-sites', 'plan-reach', 'plan-hot']) map.addSource(id, { type: 'geojson', data: empty as never });
  map.addLayer({ id: 'plan-area-fill', type: 'fill', source: 'plan-areas', paint: { 'fill-color': shareColor as never, 'fill-opacity': 0.6 } });
  map.addLayer({ id: 'plan-area-line', type: 'line', source: 'plan-areas', paint: { 'line-color': '#5b5b5b', 'line-width': 0.8 } });
  map.addLayer({
    id: 'plan-hot-fill',
    type: 'fill',
    source: 'plan-hot',
    paint: { 'fill-color': ['match', ['coalesce', ['get', 'flag'], 'none'], ...Object.entries(flagColors).flat(), '#f0f0f0'] as never, 'fill-opacity': 0.7 },
  });
  map.addLayer({ id: 'plan-hot-line', type: 'line', source: 'plan-hot', paint: { 'line-color': '#8c8c8c', 'line-width': 0.4 } });
  map.addLayer({
    id: 'plan-reach',
    type: 'fill',
    source: 'plan-reach',
    paint: { 'fill-color': '#2b6cb0', 'fill-opacity': 0.15, 'fill-outline-color': '#2b6cb0' },
  });
  map.addLayer({
    id: 'plan-uncovered',
    type: 'circle',
    source: 'plan-compounds',
    paint: {
      'circle-color': '#c0392b',
      'circle-stroke-color': '#fff',
      'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 9, 0, 12, 1] as never,
      'circle-radius': [
        'interpolate',
        ['linear'],
        ['zoom'],
        8,
        ['interpolate', ['linear'], ['get', 'households'], 0, 1.2, 2000, 3],
        13,
        ['interpolate', ['linear'], ['get', 'households'], 0, 3, 2000, 8],
      ] as never,
    },
  });
  map.addLayer({
    id: 'plan-sites',
    type: 'circle',
    source: 'plan-sites',
    paint: { 'circle-color': '#1f4e9c', 'circle-radius': 9, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: 'plan-sites-label',
    type: 'symbol',
    source: 'plan-sites',
    layout: { 'text-field': ['to-string', ['get', 'rank']], 'text-size': 11, 'text-allow-overlap': true },
    paint: { 'text-color': '#fff' },
  });
  showTab(map, 'coverage');
}

/** Shows the layers of a tab and hides the others. */
export function showTab(map: maplibregl.Map, tab: Tab) {
  const all = new Set(Object.values(layerIds).flat());
  for (const id of all) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', layerIds[tab].includes(id) ? 'visible' : 'none');
}

const set = (map: maplibregl.Map, id: string, data: unknown) => (map.getSource(id) as GeoJSONSource | undefined)?.setData(data as never);

export const setAreas = (map: maplibregl.Map, shapes: GeoCollection<unknown>) => set(map, 'plan-areas', shapes);
export const setHotspots = (map: maplibregl.Map, shapes: GeoCollection<unknown>) => set(map, 'plan-hot', shapes);

export function setCompounds(map: maplibregl.Map, compounds: CoverageCompound[]) {
  set(map, 'plan-compounds', {
    type: 'FeatureCollection',
    features: compounds.map((c) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { code: c.code, name: c.name, households: c.households },
    })),
  });
}

/** A circle of `radius` metres around a point as a 48-gon (local equirectangular; fine at city scale). */
export function circle(lon: number, lat: number, radius: number): number[][] {
  const dLat = radius / 111_320;
  const dLon = radius / (111_320 * Math.cos((lat * Math.PI) / 180));
  return Array.from({ length: 49 }, (_v, i) => {
    const a = (i % 48) * ((2 * Math.PI) / 48);
    return [lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)];
  });
}

export function setSiting(map: maplibregl.Map, result: SitingResult | null) {
  const sites = result?.sites ?? [];
  set(map, 'plan-sites', {
    type: 'FeatureCollection',
    features: sites.map((s) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [s.lon, s.lat] },
      properties: { rank: s.rank, name: s.name, gain: s.gain },
    })),
  });
  set(map, 'plan-reach', {
    type: 'FeatureCollection',
    features: sites.map((s) => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [circle(s.lon, s.lat, result!.radius)] }, properties: {} })),
  });
}

/** Bounds of a feature collection's coordinates, or null when empty. */
export function boundsOf(collection: GeoCollection<unknown>): [number, number, number, number] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1] as number);
      n = Math.max(n, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(walk);
  };
  for (const f of collection.features) if (f.geometry) walk((f.geometry as { coordinates: unknown }).coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}
