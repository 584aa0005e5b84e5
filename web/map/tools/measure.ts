/**
 * Measure a distance (a path) or an area (a polygon) by clicking on the map: each click adds a point,
 * a double click or the same button again finishes, Esc clears. Lengths and areas are geodesic
 * (tools/geodesy.ts). While measuring, clicks do not select areas or sites.
 */
import type maplibregl from 'maplibre-gl';
import { formatArea, formatLength, pathLength, ringArea } from './geodesy.ts';

export type MeasureMode = 'distance' | 'area';
const SOURCE = 'pingan-measure';

export interface Measure {
  /** starts a new measurement in `mode`, or finishes the current one of the same mode */
  toggle(mode: MeasureMode): void;
  clear(): void;
  active(): MeasureMode | null;
  /** the latest result as text ('' when nothing is measured) */
  result(): string;
}

/**
 * Adds the measure tool to a map; `onChange` is told the mode and result text after every change.
 *
 * @example
 * const measure = createMeasure(map, (mode, text) => (output.textContent = text));
 */
export function createMeasure(map: maplibregl.Map, onChange: (mode: MeasureMode | null, text: string) => void): Measure {
  let mode: MeasureMode | null = null;
  let shown: MeasureMode = 'distance';
  let points: [number, number][] = [];
  let text = '';

  const draw = () => {
    const features: GeoJSON.Feature[] = points.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }));
    if (points.length >= 2) {
      const ring = shown === 'area' && points.length >= 3 ? [...points, points[0]!] : points;
      features.push({
        type: 'Feature',
        properties: {},
        geometry: shown === 'area' && points.length >= 3 ? { type: 'Polygon', coordinates: [ring] } : { type: 'LineString', coordinates: ring },
      });
    }
    (map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
    text = shown === 'distance' ? (points.length >= 2 ? formatLength(pathLength(points)) : '') : points.length >= 3 ? formatArea(ringArea(points)) : '';
    onChange(mode, text);
  };
  const ensureLayers = () => {
    if (map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id: 'measure-fill',
      type: 'fill',
      source: SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#1e88e5', 'fill-opacity': 0.15 },
    });
    map.addLayer({
      id: 'measure-line',
      type: 'line',
      source: SOURCE,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#1e88e5', 'line-width': 2.5, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: 'measure-points',
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 4, 'circle-color': '#fff', 'circle-stroke-color': '#1e88e5', 'circle-stroke-width': 2 },
    });
  };
  const finish = () => {
    mode = null;
    map.getCanvas().style.cursor = '';
    map.doubleClickZoom.enable();
    draw();
  };
  map.on('click', (event) => {
    if (!mode) return;
    const last = points[points.length - 1];
    // the second click of a double click lands on the same spot: not a new point
    if (last && last[0] === event.lngLat.lng && last[1] === event.lngLat.lat) return;
    points.push([event.lngLat.lng, event.lngLat.lat]);
    draw();
  });
  map.on('dblclick', (event) => {
    if (!mode) return;
    event.preventDefault();
    finish();
  });
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && (mode || points.length)) measure.clear();
  });
  const measure: Measure = {
    toggle(next) {
      if (mode === next) return finish();
      ensureLayers();
      mode = shown = next;
      points = [];
      map.doubleClickZoom.disable();
      map.getCanvas().style.cursor = 'crosshair';
      draw();
    },
    clear() {
      points = [];
      if (mode) finish();
      else draw();
    },
    active: () => mode,
    result: () => text,
  };
  return measure;
}
