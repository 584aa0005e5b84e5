/**
 * The highlighted search hit or site: a GeoJSON source drawn above everything (a thick orange line for
 * streets and outlines, a ringed circle for points), so the user sees what the search found.
 */
import type maplibregl from 'maplibre-gl';

const SOURCE = 'pingan-highlight';
const empty = { type: 'FeatureCollection', features: [] } as GeoJSON.FeatureCollection;

/** Adds the highlight source and layers once the style has loaded. */
export function addHighlightLayers(map: maplibregl.Map) {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, { type: 'geojson', data: empty });
  map.addLayer({
    id: 'highlight-line',
    type: 'line',
    source: SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': '#ff6d00', 'line-width': 5, 'line-opacity': 0.85 },
    layout: { 'line-cap': 'round', 'line-join': 'round' },
  });
  map.addLayer({
    id: 'highlight-point',
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 11, 'circle-color': 'rgba(255,109,0,0.25)', 'circle-stroke-color': '#ff6d00', 'circle-stroke-width': 3 },
  });
}

/**
 * Highlights one geometry (or clears with null).
 *
 * @example
 * highlight(map, { type: 'Point', coordinates: [123.43, 41.8] });
 */
export function highlight(map: maplibregl.Map, geometry: GeoJSON.Geometry | null) {
  const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined;
  source?.setData(geometry ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry }] } : empty);
}

/** The outline of a bbox as a closed line (a hit with an extent but no geometry of its own, e.g. a worker's grids). */
export const bboxOutline = ([w, s, e, n]: [number, number, number, number]): GeoJSON.Geometry => ({
  type: 'LineString',
  coordinates: [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ],
});
