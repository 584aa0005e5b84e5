/**
 * Incidents on the dashboard map as MapLibre circle layers (no deck.gl needed for a few hundred
 * points): open cases in cyan, overdue ones red with a ring, new ones pulsing for 30 s.
 */
import type maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import type { Incident } from '../../core/contracts/incidents.ts';
import type { LivePayload } from './live-list.ts';
import { createWorkersLayer } from './workers-layer.ts';

interface Point {
  id: number;
  lon: number;
  lat: number;
  status: string;
  overdue: boolean;
  bornAt: number;
}
const open = new Set(['reported', 'registered', 'dispatched', 'handling', 'feedback', 'verifying']);
const PULSE_MS = 30_000;

export function createIncidentLayer(map: maplibregl.Map, onClick: (id: number) => void) {
  const points = new Map<number, Point>();
  const data = () => ({
    type: 'FeatureCollection' as const,
    features: [...points.values()].map((p) => ({
      type: 'Feature' as const,
      id: p.id,
      geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
      properties: { id: p.id, overdue: p.overdue, fresh: Date.now() - p.bornAt < PULSE_MS, status: p.status },
    })),
  });
  map.addSource('cmd-incidents', { type: 'geojson', data: data() });
  map.addLayer({
    id: 'cmd-pulse',
    type: 'circle',
    source: 'cmd-incidents',
    filter: ['==', ['get', 'fresh'], true],
    paint: { 'circle-radius': 8, 'circle-color': '#ffd166', 'circle-opacity': 0.6, 'circle-stroke-width': 0 },
  });
  map.addLayer({
    id: 'cmd-overdue-ring',
    type: 'circle',
    source: 'cmd-incidents',
    filter: ['==', ['get', 'overdue'], true],
    paint: { 'circle-radius': 9, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#ff4d4f', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: 'cmd-incidents',
    type: 'circle',
    source: 'cmd-incidents',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 14, 6],
      'circle-color': ['case', ['get', 'overdue'], '#ff4d4f', ['get', 'fresh'], '#ffd166', '#35d0ff'],
      'circle-stroke-color': '#0b1a33',
      'circle-stroke-width': 1,
    },
  });
  // the on-duty workers under the incidents (a case stays clickable), with its own toggle ("在岗网格员")
  createWorkersLayer(map, 'cmd-pulse');
  map.on('click', 'cmd-incidents', (event: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => {
    const id = event.features?.[0]?.properties.id as number | undefined;
    if (id !== undefined) onClick(id);
  });
  map.on('mouseenter', 'cmd-incidents', () => (map.getCanvas().style.cursor = 'pointer'));
  map.on('mouseleave', 'cmd-incidents', () => (map.getCanvas().style.cursor = ''));

  let dirty = false;
  const flush = () => {
    if (!dirty) return;
    dirty = false;
    (map.getSource('cmd-incidents') as GeoJSONSource).setData(data());
  };
  // The pulse: one animated radius/opacity for all fresh points. The loop runs only while something is
  // fresh, so an idle wall does not repaint 60 times a second (and the map can reach 'idle').
  let animating = false;
  const animate = (frame: number) => {
    const now = Date.now();
    const fresh = [...points.values()].some((p) => now - p.bornAt < PULSE_MS);
    const phase = (frame % 1600) / 1600;
    map.setPaintProperty('cmd-pulse', 'circle-radius', 6 + phase * 22);
    map.setPaintProperty('cmd-pulse', 'circle-opacity', 0.7 * (1 - phase));
    if (!fresh) dirty = true; // the last pulse ended: redraw without it
    flush();
    animating = fresh;
    if (fresh) requestAnimationFrame(animate);
  };
  const startPulse = () => {
    if (!animating) {
      animating = true;
      requestAnimationFrame(animate);
    }
  };

  return {
    /** Replaces the points with a list of open incidents (those still pulsing keep pulsing). */
    reset(items: Incident[]) {
      const born = new Map([...points.values()].map((p) => [p.id, p.bornAt]));
      points.clear();
      for (const i of items) {
        points.set(i.id, { id: i.id, lon: i.location.lon, lat: i.location.lat, status: i.status, overdue: i.overdue, bornAt: born.get(i.id) ?? 0 });
      }
      dirty = true;
      flush();
    },
    /** Applies a live event: new ones pulse, finished ones leave the map. */
    apply(e: LivePayload) {
      if (!open.has(e.status)) points.delete(e.id);
      else {
        const known = points.get(e.id);
        // a replayed backlog event keeps its own age: a reload does not make old cases pulse as new
        const bornAt = e.kind === 'created' ? Math.min(Date.now(), Date.parse(e.at) || 0) : (known?.bornAt ?? 0);
        points.set(e.id, { id: e.id, lon: e.lon, lat: e.lat, status: e.status, overdue: e.overdue, bornAt });
      }
      dirty = true;
      if (e.kind === 'created') startPulse();
      else flush();
    },
    counts: () => ({ total: points.size, overdue: [...points.values()].filter((p) => p.overdue).length }),
  };
}
