/**
 * The whole map state in the address, so a link reproduces the map: the view is MapLibre's own hash
 * (`#zoom/lat/lon`), everything else the query string — layers, hidden site kinds, incident filters and
 * time window, coverage settings, the selected area, site or place. Written with replaceState (no
 * history entry per change); MapLibre's hash updates keep the query string.
 */
import { defaultVisible, state, type ToggleLayer } from './state.ts';

const month = /^\d{4}-(0[1-9]|1[0-2])$/;
const code = /^[A-Za-z0-9_-]{1,60}$/;

/**
 * Reads the state from a query string; unknown or malformed values are ignored (a hand-edited link
 * still opens the map).
 *
 * @example
 * readUrlState('?layers=districts,incidents&from=2024-01&site=WP1'); // state.visible.incidents === true
 */
export function readUrlState(search: string) {
  const q = new URLSearchParams(search);
  const layers = q.get('layers');
  if (layers !== null) {
    const on = new Set(layers.split(',').filter(Boolean));
    for (const layer of Object.keys(defaultVisible) as ToggleLayer[]) state.visible[layer] = on.has(layer);
  }
  state.hiddenSiteKinds = (q.get('hide') ?? '').split(',').filter((kind) => code.test(kind));
  const f = state.incidentFilter;
  f.category = code.test(q.get('cat') ?? '') ? q.get('cat')! : '';
  f.status = q.get('status') === 'open' || q.get('status') === 'closed' ? (q.get('status') as 'open' | 'closed') : '';
  f.from = month.test(q.get('from') ?? '') ? q.get('from')! : '';
  f.to = month.test(q.get('to') ?? '') ? q.get('to')! : '';
  f.month = month.test(q.get('month') ?? '') ? q.get('month')! : null;
  if (q.get('metric') === 'per1000') state.coverage.metric = 'per1000';
  const radius = Number(q.get('radius'));
  if ([300, 500, 1000].includes(radius)) state.coverage.radius = radius;
  for (const key of ['sel', 'site', 'place'] as const) {
    const value = q.get(key);
    if (value && code.test(value)) {
      state.selected = key === 'sel' ? value : null;
      state.site = key === 'site' ? value : null;
      state.place = key === 'place' ? value : null;
    }
  }
}

/**
 * The query string of the current state (defaults left out, so a plain map has a plain address).
 *
 * @example
 * urlQuery() // '?layers=districts,streets,incidents&from=2024-01'
 */
export function urlQuery(): string {
  const q = new URLSearchParams();
  const layers = (Object.keys(defaultVisible) as ToggleLayer[]).filter((layer) => state.visible[layer]);
  if ((Object.keys(defaultVisible) as ToggleLayer[]).some((layer) => state.visible[layer] !== defaultVisible[layer])) q.set('layers', layers.join(','));
  if (state.hiddenSiteKinds.length) q.set('hide', state.hiddenSiteKinds.join(','));
  const f = state.incidentFilter;
  if (f.category) q.set('cat', f.category);
  if (f.status) q.set('status', f.status);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (f.month) q.set('month', f.month);
  if (state.coverage.metric !== 'covered') q.set('metric', state.coverage.metric);
  if (state.coverage.radius !== 500) q.set('radius', String(state.coverage.radius));
  if (state.selected) q.set('sel', state.selected);
  if (state.site) q.set('site', state.site);
  if (state.place) q.set('place', state.place);
  const text = q.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/** Puts the current state into the address bar, keeping the view (hash). */
export function writeUrlState() {
  const next = `${location.pathname}${urlQuery()}${location.hash}`;
  if (next !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', next);
}
