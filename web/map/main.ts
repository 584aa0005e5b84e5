/**
 * Bootstrap: style → map → panel, search, card and breadcrumbs, tools; deck.gl overlays load after the
 * first render. The URL holds the whole state (app/url-state.ts): read before the first render, written
 * on every change. Stages live in folders: map/ (MapLibre), overlay/ (deck.gl), ui/ (DOM), tools/
 * (measure, print), app/; api.ts holds this page's server calls. What the pages share (requests,
 * session, language, the base map) is in web/kit/.
 */
import './styles.css';
import type maplibregl from 'maplibre-gl';
import { api } from './api.ts';
import { session } from '../kit/session.ts';
import { currentLang, onLangChange, setLang } from '../kit/i18n.ts';
import { areaAt, enableHover } from '../kit/map/areas.ts';
import { createMap, loadStyle, registerBasemapProtocols } from '../kit/map/create-map.ts';
import { changed, on, state } from './app/state.ts';
import { createSelection } from './app/selection.ts';
import { loadSiteKinds, panelKinds } from './app/site-kinds.ts';
import { readUrlState, writeUrlState } from './app/url-state.ts';
import { t } from './i18n/index.ts';
import { addHighlightLayers } from './map/highlight.ts';
import { applyVisibility } from './map/toggles.ts';
import { renderAccount } from './ui/account.ts';
import { renderPanel } from './ui/panel.ts';
import { setShownTotal, stopPlayback, updateIncidentControls } from './ui/incident-controls.ts';
import { mountSearchBox } from './ui/search-box.ts';
import { addTools } from './ui/tools.ts';
import type { StatsSummary } from '../../core/contracts/system.ts';

const $ = (id: string) => document.getElementById(id)!;

readUrlState(location.search);
const [style, me] = await Promise.all([loadStyle(), session.me().catch(() => null), loadSiteKinds()]);
state.me = me;
await registerBasemapProtocols(style);
const map = createMap($('map'), style);
let summary: StatsSummary | null = null;
const panel = $('panel');
if (window.innerWidth < 700) panel.classList.add('collapsed');
const selection = createSelection(map, $('card'), $('breadcrumbs'));
const relabelSearch = mountSearchBox($('search'), selection.showHit);
const tools = addTools(map, () => ({
  title: t().title,
  subtitle: [
    $('breadcrumbs').textContent?.replace(/›/g, ' › '),
    state.visible.incidents ? $('panel').querySelector('[data-testid=month-label]')?.textContent : '',
  ]
    .filter(Boolean)
    .join(' · '),
  siteKinds: panelKinds(summary?.sites ?? null),
}));

const renderChrome = () => {
  renderPanel(panel, summary);
  renderAccount($('account'));
  $('lang').textContent = currentLang() === 'zh' ? 'EN' : '中文';
  relabelSearch();
  tools.relabel();
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
  if (tools.measuring()) return;
  // a site under the pointer (a few pixels of slack for a small circle) opens its own card
  const box: [maplibregl.PointLike, maplibregl.PointLike] = [
    [event.point.x - 4, event.point.y - 4],
    [event.point.x + 4, event.point.y + 4],
  ];
  const site = map.getLayer('sites-circle') ? map.queryRenderedFeatures(box, { layers: ['sites-circle'] })[0] : undefined;
  if (site?.properties.code) return void selection.selectSite(String(site.properties.code));
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
      updateIncidentControls();
    });
    // new columns bring the category list and the data's months: the controls are rebuilt once
    incidents.wireListeners.add(() => renderPanel(panel, summary));
    return createOverlay(map);
  });
  void overlay.then((o) => o.refresh());
};

map.on('load', () => {
  addHighlightLayers(map);
  applyVisibility(map);
  // the selection of a shared link
  if (state.site) void selection.selectSite(state.site);
  else if (state.place) void selection.selectPlace(state.place);
  else if (state.selected) void selection.select(state.selected);
});
on('visible', () => {
  if (!state.visible.incidents) stopPlayback();
  applyVisibility(map);
  renderPanel(panel, summary);
  refreshOverlay();
  writeUrlState();
});
// a filter change or a playback tick redraws the overlay and updates the controls in place; the panel is not rebuilt
on('incidentFilter', () => {
  refreshOverlay();
  updateIncidentControls();
  writeUrlState();
});
on('coverage', () => {
  refreshOverlay();
  renderPanel(panel, summary);
  writeUrlState();
});
on('selected', writeUrlState);
on('me', () => {
  renderChrome();
  refreshOverlay();
});
refreshOverlay();

/** Test and debugging handle (read-only use). */
Object.assign(window, { __pingan: { map, ready, firstRender, state, select: selection.select, selectSite: selection.selectSite, changed, t } });
document.title = t().title;
