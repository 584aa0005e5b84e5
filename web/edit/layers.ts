/**
 * The editor's own map layers: the grids and sites of the chosen area as they stood on the chosen day
 * (`/api/boundaries/grids|sites?asOf=`), drawn from GeoJSON rather than the live tiles, which only know today.
 */
import type maplibregl from 'maplibre-gl';
import type { ExpressionSpecification, GeoJSONSource } from 'maplibre-gl';
import type { z } from 'zod';
import type { gridsAsOfSchema, sitesAsOfSchema } from '../../core/contracts/boundaries.ts';
import { requestJson, withQuery } from '../kit/http.ts';

export type Grids = z.infer<typeof gridsAsOfSchema>;
export type Sites = z.infer<typeof sitesAsOfSchema>;

// the style's live layers would draw today's grids and sites under a past day's: the editor hides them
const liveSources = new Set(['grid_cells', 'sites', 'compounds']);

export function addEditLayers(map: maplibregl.Map) {
  for (const layer of map.getStyle().layers) {
    if ('source' in layer && liveSources.has(layer.source)) map.setLayoutProperty(layer.id, 'visibility', 'none');
  }
  const empty = { type: 'FeatureCollection' as const, features: [] };
  map.addSource('edit-grids', { type: 'geojson', data: empty, promoteId: 'code' });
  map.addSource('edit-sites', { type: 'geojson', data: empty, promoteId: 'code' });
  const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
  map.addLayer({
    id: 'edit-grids-fill',
    type: 'fill',
    source: 'edit-grids',
    paint: { 'fill-color': ['case', selected, '#f59e0b', '#5b4b8a'], 'fill-opacity': ['case', selected, 0.4, 0.12] },
  });
  map.addLayer({
    id: 'edit-grids-line',
    type: 'line',
    source: 'edit-grids',
    paint: { 'line-color': ['case', selected, '#d97706', '#5b4b8a'], 'line-width': ['case', selected, 3, 1.5] },
  });
  map.addLayer({
    id: 'edit-grids-label',
    type: 'symbol',
    source: 'edit-grids',
    layout: { 'text-field': ['concat', ['get', 'name'], '\n', ['slice', ['get', 'code'], 9]], 'text-size': 12 },
    paint: { 'text-color': '#2d2a3a', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
  });
  map.addLayer({
    id: 'edit-sites',
    type: 'circle',
    source: 'edit-sites',
    paint: {
      'circle-radius': ['case', selected, 9, 6],
      'circle-color': ['case', selected, '#f59e0b', '#0f766e'],
      'circle-stroke-color': '#fff',
      'circle-stroke-width': 2,
    },
  });
}

/** The grids of `area` on `asOf` (a day; '' = now). */
export const fetchGrids = (area: string, asOf: string) => requestJson<Grids>(withQuery('/api/boundaries/grids', { area, asOf }));
export const fetchSites = (area: string, asOf: string) => requestJson<Sites>(withQuery('/api/boundaries/sites', { area, asOf }));

export function showData(map: maplibregl.Map, grids: Grids, sites: Sites) {
  (map.getSource('edit-grids') as GeoJSONSource).setData(grids as GeoJSON.FeatureCollection);
  (map.getSource('edit-sites') as GeoJSONSource).setData(sites as GeoJSON.FeatureCollection);
}

/** Marks the selected grids and site (feature-state, so no data reload). */
export function showSelection(map: maplibregl.Map, grids: Grids, gridCodes: string[], sites: Sites, site: string | null) {
  for (const f of grids.features) map.setFeatureState({ source: 'edit-grids', id: f.properties.code }, { selected: gridCodes.includes(f.properties.code) });
  for (const f of sites.features) map.setFeatureState({ source: 'edit-sites', id: f.properties.code }, { selected: f.properties.code === site });
}

/** The bounding box of the grids, for fitting the view; undefined when there are none. */
export function gridsBounds(grids: Grids): [number, number, number, number] | undefined {
  const points = grids.features.flatMap((f) => (f.geometry.coordinates as number[][][][]).flat(2));
  if (!points.length) return undefined;
  const lons = points.map((p) => p[0]!);
  const lats = points.map((p) => p[1]!);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}
