/**
 * /command: the 综治 command-center dashboard. Everything on screen follows one selected area
 * (city → district → street → community → grid): cards, charts, map, live list. Data: /api/kpis*,
 * /api/incidents, /api/live (SSE). The base map, session and language come from the kit (web/kit).
 */
import './styles.css';
import { areaCard, childCodeLength, insidePrefix } from '../kit/areas.ts';
import { session } from '../kit/session.ts';
import { currentLang, onLangChange, setLang } from '../kit/i18n.ts';
import { areaAt, showSelected } from '../kit/map/areas.ts';
import { createMap, loadStyle, SHENYANG } from '../kit/map/create-map.ts';
import type { KpiResponse } from '../../core/contracts/kpis.ts';
import { commandApi, periodRange } from './api.ts';
import { renderCards } from './cards.ts';
import { renderCategories, renderDonut, renderRanking, renderTrend, resizeCharts } from './charts.ts';
import { m } from './i18n.ts';
import { createIncidentLayer } from './incident-map.ts';
import { showIncident } from './incident-panel.ts';
import { addLiveRow, openLive } from './live-list.ts';
import { showLogin } from './login.ts';
import { renderCrumbs } from './crumbs.ts';
import { applyBigScreen } from './bigscreen.ts';
import { hideBanner, showBanner } from './banner.ts';
import { categoryName, loadCategoryNames } from './names.ts';
import { centerOf, forgetCenters, renderDesk, showsSyntheticDemo } from './centers.ts';

const $ = (id: string) => document.getElementById(id)!;
const me = await session.me().catch(() => null);
if (!me?.authenticated) {
  showLogin($('cmd-login'));
  throw new Error('login required'); // stops the module; the login form reloads the page
}

const params = new URLSearchParams(location.search);
const state = {
  area: params.get('area') ?? me.account?.scopeCode ?? undefined,
  period: params.get('period') ?? '12m',
  loads: 0,
  lastKpis: null as KpiResponse | null,
  /** the live box shows the center's own desk (queue + KPIs) instead of the live list */
  desk: params.get('desk') === '1',
};
// A database whose newest case is over a year old (the historical demo city) opens on that year.
if (!params.get('period')) {
  const latest = (await commandApi.summary(state.area).catch(() => null))?.latestReportedAt;
  if (latest && Date.parse(latest) < Date.now() - 365 * 86_400_000) state.period = String(new Date(Date.parse(latest) + 8 * 3600_000).getUTCFullYear());
}
// without a style there is no map: say so (with a retry) instead of leaving the page blank
const style = await loadStyle().catch((error: unknown) => {
  showBanner($('cmd-banner'), error, () => location.reload());
  throw error;
});
const map = createMap($('cmd-map'), style);
const mapReady = new Promise<void>((resolve) => map.once('load', () => resolve()));
let incidents: ReturnType<typeof createIncidentLayer> | undefined;
/** Opens a case in the panel and flies the map to it, keeping the point clear of the panel. */
async function openPanel(id: number): Promise<void> {
  try {
    const detail = await showIncident($('cmd-panel'), id, () => void refresh());
    const panelWidth = $('cmd-panel').offsetWidth;
    map.flyTo({
      center: [detail.location.lon, detail.location.lat],
      zoom: Math.max(map.getZoom(), 15),
      padding: { top: 0, bottom: 0, left: 0, right: panelWidth },
      duration: 800,
    });
  } catch (error) {
    showBanner($('cmd-banner'), error, () => void openPanel(id));
  }
}
const open = (id: number) => void openPanel(id);

function periodOptions() {
  const t = m();
  const select = $('cmd-period') as HTMLSelectElement;
  const thisYear = new Date().getFullYear();
  const values = ['12m', ...Array.from({ length: thisYear - 2016 }, (_, i) => String(thisYear - i)), 'all'];
  if (!values.includes(state.period)) values.push(state.period);
  select.replaceChildren(
    ...values.map((v) => {
      const option = document.createElement('option');
      option.value = v;
      option.textContent = t.periods[v] ?? t.year(v);
      return option;
    }),
  );
  select.value = state.period;
}

function staticTexts() {
  const t = m();
  periodOptions();
  document.title = t.title;
  $('cmd-title').textContent = t.title;
  $('cmd-lang').textContent = t.lang;
  $('cmd-tab-desk').textContent = t.desk.tab;
  $('cmd-bigscreen').textContent = document.body.classList.contains('bigscreen') ? t.exitBigScreen : t.bigScreen;
  for (const node of document.querySelectorAll<HTMLElement>('[data-t]')) node.textContent = String(t[node.dataset.t as keyof typeof t]);
  $('cmd-legend').replaceChildren(
    ...[
      ['fresh', t.legendNew],
      ['open', t.legendOpen],
      ['overdue', t.legendOverdue],
    ].map(([k, label]) => {
      const item = document.createElement('span');
      item.className = `legend ${k}`;
      item.textContent = label!;
      return item;
    }),
  );
}

let refreshing: Promise<void> | null = null;
async function refresh(): Promise<void> {
  refreshing ??= (async () => {
    const { area, period } = state;
    const range = periodRange(period);
    const loaded = await Promise.all([
      commandApi.kpis(area, range),
      commandApi.trend(area, range),
      commandApi.summary(area),
      commandApi.openIncidents(area),
    ]).catch((error: unknown) => {
      // a failed load keeps the last good picture and says so, with a retry
      showBanner($('cmd-banner'), error, () => void refresh());
      return null;
    });
    if (!loaded) return;
    hideBanner($('cmd-banner'));
    const [kpis, trend, summary, list] = loaded;
    if (area !== state.area || period !== state.period) return; // drilled elsewhere meanwhile; that load renders
    state.lastKpis = kpis;
    renderCards($('cmd-cards'), summary);
    renderDonut(kpis);
    renderCategories(kpis);
    renderTrend(trend);
    renderRanking(kpis, (code) => void drill(code));
    if (state.desk) await showDesk();
    await mapReady;
    incidents?.reset(list.items);
    state.loads++;
  })().finally(() => (refreshing = null));
  return refreshing;
}

/** The selected area's center desk in the live box (its queue and own KPIs), or the live list. */
async function showDesk(): Promise<void> {
  $('cmd-tab-desk').classList.toggle('on', state.desk);
  $('cmd-tab-live').classList.toggle('on', !state.desk);
  $('cmd-live').hidden = state.desk;
  $('cmd-desk').hidden = !state.desk;
  if (!state.desk) return;
  forgetCenters(); // the open counts changed with the last move
  const center = await centerOf(state.area);
  if (center) await renderDesk($('cmd-desk'), center, open).catch((error: unknown) => showBanner($('cmd-banner'), error, () => void showDesk()));
}
function setDesk(on: boolean) {
  state.desk = on;
  const url = new URL(location.href);
  if (on) url.searchParams.set('desk', '1');
  else url.searchParams.delete('desk');
  history.replaceState(null, '', url);
  void showDesk();
}

let closeLive: (() => void) | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
function connectLive() {
  closeLive?.();
  closeLive = openLive(
    state.area,
    (event) => {
      incidents?.apply(event);
      addLiveRow($('cmd-live'), event, categoryName, open);
      refreshTimer ??= setTimeout(() => {
        refreshTimer = null;
        void refresh();
      }, 3000);
    },
    (up) => {
      const t = m();
      $('cmd-live-state').textContent = up ? `● ${t.live}` : `○ ${t.offline}`;
      $('cmd-live-state').className = up ? 'up' : 'down';
    },
  );
}

async function drill(code: string | undefined) {
  state.area = code;
  const url = new URL(location.href);
  if (code) url.searchParams.set('area', code);
  else url.searchParams.delete('area');
  history.replaceState(null, '', url);
  $('cmd-live').replaceChildren();
  const card = code ? await areaCard(code).catch(() => null) : null;
  renderCrumbs($('cmd-crumbs'), card?.chain ?? [], (target) => void drill(target), me!.account?.scopeCode);
  await mapReady;
  showSelected(map, code ?? null);
  const [w, s, e, n] = card?.bbox ?? SHENYANG;
  map.fitBounds(
    [
      [w, s],
      [e, n],
    ],
    { padding: 30, duration: 600 },
  );
  await Promise.all([refresh(), loadCategoryNames()]);
  connectLive(); // after the first load, so the backlog rows find their category names
}

// a click on the map drills one level down, into the child area under the pointer
map.on('click', (event) => {
  // a click on a case or an on-duty worker opens that, not the area under it
  const own = ['cmd-incidents', 'cmd-workers'].filter((id) => map.getLayer(id));
  if (own.length && map.queryRenderedFeatures(event.point, { layers: own }).length) return;
  const code = areaAt(map, event.point)?.properties.code as string | undefined;
  const length = childCodeLength(state.area);
  if (!code || !length || code.length < length || !code.startsWith(insidePrefix(state.area))) return;
  void drill(code.slice(0, length));
});
void mapReady.then(() => {
  incidents = createIncidentLayer(map, open);
  // the attribution stays one click away instead of covering a phone-sized map
  map.getContainer().querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show');
});

$('cmd-period').addEventListener('change', (event) => {
  state.period = (event.target as HTMLSelectElement).value;
  const url = new URL(location.href);
  url.searchParams.set('period', state.period);
  history.replaceState(null, '', url);
  void refresh();
});
$('cmd-tab-live').addEventListener('click', () => setDesk(false));
$('cmd-tab-desk').addEventListener('click', () => setDesk(true));
$('cmd-lang').addEventListener('click', () => setLang(currentLang() === 'zh' ? 'en' : 'zh'));
$('cmd-bigscreen').addEventListener('click', () => {
  applyBigScreen(!document.body.classList.contains('bigscreen'));
  staticTexts();
  resizeCharts();
  map.resize();
});
onLangChange(() => {
  staticTexts();
  void drill(state.area);
});
window.addEventListener('resize', () => {
  applyBigScreen(document.body.classList.contains('bigscreen'));
  resizeCharts();
});
setInterval(() => ($('cmd-clock').textContent = new Date().toLocaleString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false })), 1000);
setInterval(() => void refresh(), 60_000);

if (params.get('bigscreen') === '1') applyBigScreen(true);
staticTexts();
void showsSyntheticDemo().then((yes) => ($('cmd-synthetic').hidden = !yes));
// Ready when the first load has rendered and the map has its tiles. Not map.loaded(): every pulse frame
// marks the style dirty, so it stays false for the whole pulse (and 'idle' may never come).
const ready = drill(state.area).then(
  () =>
    new Promise<void>((resolve) => {
      const check = () => (map.isStyleLoaded() && map.areTilesLoaded() ? resolve() : setTimeout(check, 100));
      check();
    }),
);

/** Test and debugging handle (read-only use). */
Object.assign(window, { __command: { ready, state, drill, map, incidents: () => incidents?.counts() } });
