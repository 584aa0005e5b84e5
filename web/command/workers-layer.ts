/**
 * The "在岗网格员" layer of the command map: last positions (seen ≤ 10 min) of the grid workers in the
 * commander's area, names masked by the server. Off until switched on — positions are personal data,
 * shown for a purpose — and refreshed every 30 s while on (the phones report about that often).
 */
import maplibregl from 'maplibre-gl';
import type { GeoJSONSource, MapMouseEvent } from 'maplibre-gl';
import type { WorkersOnDuty } from '../../core/contracts/dispatch.ts';
import { ApiRequestError, requestJson } from '../kit/http.ts';
import { el } from '../kit/dom.ts';
import { onLangChange } from '../kit/i18n.ts';
import { m } from './i18n.ts';

const SOURCE = 'cmd-workers';
const REFRESH_MS = 30_000;
const empty: WorkersOnDuty = { type: 'FeatureCollection', features: [] };

/**
 * Adds the layer (hidden, below the layer `beforeId` if given) and its toggle, a map control bottom-left;
 * returns `refresh` and `setVisible`.
 *
 * @example
 * const workers = createWorkersLayer(map, 'cmd-pulse'); workers.setVisible(true);
 */
export function createWorkersLayer(map: maplibregl.Map, beforeId?: string) {
  map.addSource(SOURCE, { type: 'geojson', data: empty });
  map.addLayer(
    {
      id: 'cmd-workers-halo',
      type: 'circle',
      source: SOURCE,
      layout: { visibility: 'none' },
      paint: { 'circle-radius': 10, 'circle-color': 'rgba(82,196,26,0.25)', 'circle-stroke-width': 0 },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: 'cmd-workers',
      type: 'circle',
      source: SOURCE,
      layout: { visibility: 'none' },
      paint: { 'circle-radius': 5, 'circle-color': '#52c41a', 'circle-stroke-color': '#f6ffed', 'circle-stroke-width': 1.5 },
    },
    beforeId,
  );

  const box = el('input', { type: 'checkbox', name: 'workers-on-duty' });
  const text = el('span', {}, m().dispatch.layer);
  const label = el(
    'label',
    {
      class: 'cmd-workers-toggle',
      style: 'display:flex;gap:6px;align-items:center;padding:4px 8px;font-size:13px;color:#e6f4ff;background:rgba(11,29,63,0.85);cursor:pointer',
    },
    box,
    text,
  );
  const control: maplibregl.IControl = {
    onAdd: () => el('div', { class: 'maplibregl-ctrl maplibregl-ctrl-group', style: 'background:transparent' }, label),
    onRemove: () => label.parentElement?.remove(),
  };
  // bottom-left, above the scale: the top-left corner holds the page's legend
  map.addControl(control, 'bottom-left');

  let timer: ReturnType<typeof setInterval> | undefined;
  let count: number | null = null;
  const draw = () => (text.textContent = count === null ? m().dispatch.layer : `${m().dispatch.layer} (${count})`);
  onLangChange(draw);

  const refresh = async () => {
    try {
      const data = await requestJson<WorkersOnDuty>('/api/layers/workers-on-duty');
      (map.getSource(SOURCE) as GeoJSONSource).setData(data);
      count = data.features.length;
    } catch (error) {
      // not a commander of an area (e.g. the admin): the layer is not theirs to see
      if (error instanceof ApiRequestError && (error.status === 403 || error.status === 401)) {
        setVisible(false);
        box.disabled = true;
        label.title = m().dispatch.layerDenied;
      }
      count = null;
    }
    draw();
  };
  const setVisible = (on: boolean) => {
    box.checked = on;
    for (const id of ['cmd-workers-halo', 'cmd-workers']) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    clearInterval(timer);
    timer = undefined;
    if (on) {
      void refresh();
      timer = setInterval(() => void refresh(), REFRESH_MS);
    }
  };
  box.addEventListener('change', () => setVisible(box.checked));

  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: true, className: 'cmd-worker-popup' });
  map.on('click', 'cmd-workers', (event: MapMouseEvent & { features?: maplibregl.MapGeoJSONFeature[] }) => {
    const feature = event.features?.[0];
    if (!feature || feature.geometry.type !== 'Point') return;
    const p = feature.properties as { code: string; name: string | null; lastSeenAt: string; openLoad: number };
    const minutes = Math.max(0, Math.round((Date.now() - Date.parse(p.lastSeenAt)) / 60_000));
    const body = el(
      'div',
      { style: 'color:#0b1a33;font-size:12px' },
      el('strong', {}, p.name ?? p.code),
      el('br'),
      p.code,
      el('br'),
      `${m().dispatch.load(p.openLoad)} · ${m().dispatch.seen(minutes)}`,
    );
    popup
      .setLngLat(feature.geometry.coordinates as [number, number])
      .setDOMContent(body)
      .addTo(map);
  });
  map.on('mouseenter', 'cmd-workers', () => (map.getCanvas().style.cursor = 'pointer'));
  map.on('mouseleave', 'cmd-workers', () => (map.getCanvas().style.cursor = ''));

  return { refresh, setVisible };
}
