/**
 * Walking mode of the planner page: the straight-line / walking switch of the coverage tab, the minutes
 * (GB 50180 life circles 5/10/15), and isochrone polygons around the mediation site nearest to a click.
 * Coverage itself is the same request with `mode=walk&minutes=` instead of `radius`.
 */
import type maplibregl from 'maplibre-gl';
import type { GeoJSONSource } from 'maplibre-gl';
import type { IsochroneResponse } from '../../core/contracts/planning-walk.ts';
import { el } from '../kit/dom.ts';
import { requestJson } from '../kit/http.ts';
import { walkMessages as w } from './i18n.ts';

export const walk = { mode: 'straight' as 'straight' | 'walk', minutes: 15, iso: null as IsochroneResponse | null };

/** Isochrone fill colours by minutes: nearer is darker. */
export const isoColors: [number, string][] = [
  [5, '#08519c'],
  [10, '#3182bd'],
  [15, '#9ecae1'],
];

/**
 * A coverage query string in the current mode: walking replaces `radius` by `mode=walk&minutes=`.
 *
 * @example
 * withWalk('kinds=mediation_point&radius=1000&level=street') // 'kinds=mediation_point&level=street&mode=walk&minutes=15' in walking mode
 */
export function withWalk(q: string): string {
  if (walk.mode !== 'walk') return q;
  const params = new URLSearchParams(q);
  params.delete('radius');
  params.set('mode', 'walk');
  params.set('minutes', String(walk.minutes));
  return params.toString();
}

/** The switch, the minutes and the isochrone note, for the coverage tab; `changed` reruns coverage. */
export function walkPanel(changed: () => void): HTMLElement {
  const t = w();
  const radio = (value: 'straight' | 'walk', label: string) =>
    el(
      'label',
      { class: 'check' },
      el('input', {
        type: 'radio',
        name: 'walk-mode',
        value,
        ...(walk.mode === value ? { checked: true } : {}),
        onchange: () => ((walk.mode = value), changed()),
      }),
      label,
    );
  const minutes = el('select', {
    name: 'walk-minutes',
    ...(walk.mode === 'walk' ? {} : { disabled: true }),
    onchange: (e: Event) => ((walk.minutes = Number((e.target as HTMLSelectElement).value)), changed()),
  });
  for (const n of [5, 10, 15]) minutes.append(el('option', { value: String(n), ...(n === walk.minutes ? { selected: true } : {}) }, String(n)));
  return el(
    'fieldset',
    { class: 'kinds', id: 'walk-panel' },
    el('legend', {}, t.mode),
    radio('straight', t.straight),
    radio('walk', t.walk),
    el('label', { class: 'field' }, el('span', {}, t.minutes), minutes),
    walk.mode === 'walk' ? el('p', { class: 'note' }, t.note) : null,
    walk.mode === 'walk' ? el('p', { class: 'note', id: 'walk-iso' }, walk.iso ? t.isoSite(walk.iso.site.name, walk.iso.accessM) : t.isoHint) : null,
    walk.mode === 'walk' ? el('a', { class: 'link', href: '/api/coverage/life-circle/export?format=csv', download: '' }, t.lifeCsv) : null,
  );
}

/** Adds the isochrone layers and, in walking mode, draws the isochrones of the site nearest a click. */
export function addWalkLayers(map: maplibregl.Map, changed: () => void) {
  map.addSource('plan-iso', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: 'plan-iso-fill',
    type: 'fill',
    source: 'plan-iso',
    paint: {
      'fill-color': ['match', ['get', 'minutes'], ...isoColors.flat(), '#c6dbef'] as never,
      'fill-opacity': 0.35,
    },
  });
  map.addLayer({ id: 'plan-iso-line', type: 'line', source: 'plan-iso', paint: { 'line-color': '#08306b', 'line-width': 1.2 } });
  map.on('click', (e) => {
    if (walk.mode !== 'walk') return;
    void showIsochrones(map, e.lngLat.lng, e.lngLat.lat).then(changed);
  });
}

/**
 * Fetches and draws the isochrones of the mediation site nearest to a point (largest first, so the
 * nearer rings stay on top).
 *
 * @example
 * await showIsochrones(map, 123.43, 41.80);
 */
export async function showIsochrones(map: maplibregl.Map, lon: number, lat: number): Promise<IsochroneResponse> {
  const iso = await requestJson<IsochroneResponse>(`/api/coverage/isochrone?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&minutes=5,10,15`);
  walk.iso = iso;
  const features = [...iso.features].filter((f) => f.geometry).sort((a, b) => b.properties.minutes - a.properties.minutes);
  (map.getSource('plan-iso') as GeoJSONSource).setData({ type: 'FeatureCollection', features: features as never });
  return iso;
}
