/**
 * Bootstrap: style → map → panel, card and breadcrumbs; deck.gl overlays load after the first render.
 * Stages live in folders: map/ (MapLibre), overlay/ (deck.gl), ui/ (DOM), app/; api.ts holds this page's
 * server calls. What the pages share (requests, session, language, the base map) is in web/kit/.
 */
import './styles.css';
import { api } from './api.ts';
import { session } from '../kit/session.ts';
import { currentLang, onLangChange, setLang } from '../kit/i18n.ts';
import { areaAt, enableHover } from '../kit/map/areas.ts';
import { createMap, loadStyle, registerBasemapProtocols } from '../kit/map/create-map.ts';
import { changed, on, state } from './app/state.ts';
import { createSelection } from './app/selection.ts';
import { t } from './i18n/index.ts';
import { applyVisibility } from './map/toggles.ts';
import { renderAccount } from './ui/account.ts';
import { renderPanel } from './ui/panel.ts';
import { setShownTotal } from './ui/incident-controls.ts';
import type { StatsSummary } from '../../core/contracts/system.ts';

const $ = (id: string) => document.getElementById(id)!;

const [style, me] = await Promise.all([loadStyle(), session.me().catch(() => null)]);
state.me = me;
await registerBasemapProtocols(style);
const map = createMap($('map'), style);
let summary: StatsSummary | null = null;
const panel = $('panel');
if (window.innerWidth < 700) panel.classList.add('collapsed');
const selection = createSelection(map, $('card'), $('breadcrumbs'));

const renderChrome = () => {
  renderPanel(panel, summary);
  renderAccount($('account'));
  $('lang').textContent = currentLang() === 'zh' ? 'EN' : '中文';
  selection.render();
};
$('lang').addEventListener('click', () => setLang(currentLang() === 'zh' ? 'en' : 'zh'));
onLangChange(() => (document.title = t().title));
onLangChange(renderChrome);
setLang(currentLang());
void api.summary().then((loaded) => {
  summary = loaded;
  renderPanel(panel, summary);
});

enableHover(map);
map.on('click', (event) => {
  const feature = areaAt(map, event.point);
  void selection.select((feature?.properties.code as string | undefined) ?? null);
});

const ready = new Promise<void>((resolve) => map.once('idle', () => resolve()));
// from navigation start (performance.now()'s origin), so loading and parsing the JavaScript counts too
const firstRender = ready.then(() => performance.now());

// deck.gl: loaded lazily once the map has drawn, then only when a deck layer is on
let overlay: Promise<{ refresh(): void }> | undefined;
const refreshOverlay = () => {
  if (!state.visible.incidents && !state.visible.coverage && !overlay) return;
  overlay ??= ready.then(async () => {
    const [{ createOverlay }, incidents, coverage] = await Promise.all([
      import('./overlay/deck.ts'),
      import('./overlay/incident-store.ts'),
      import('./overlay/coverage-store.ts'),
    ]);
    const source = map.getStyle().sources.grid_cells as { tiles: string[] };
    coverage.setCoverageTileUrl(source.tiles[0]!);
    incidents.incidentListeners.add((_wire, view) => {
      setShownTotal(view.total);
      renderPanel(panel, summary);
    });
    return createOverlay(map);
  });
  void overlay.then((o) => o.refresh());
};

map.on('load', () => applyVisibility(map));
on('visible', () => {
  applyVisibility(map);
  renderPanel(panel, summary);
  refreshOverlay();
});
on('incidentFilter', () => {
  refreshOverlay();
  renderPanel(panel, summary);
});
on('coverage', () => {
  refreshOverlay();
  renderPanel(panel, summary);
});
on('me', () => {
  renderChrome();
  refreshOverlay();
});

/** Test and debugging handle (read-only use). */
Object.assign(window, { __pingan: { map, ready, firstRender, state, select: selection.select, changed, t } });
document.title = t().title;
