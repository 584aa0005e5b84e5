/**
 * /field: a grid worker's phone page — where am I (grid card), the nearest mediation sites and watch
 * posts with navigation links, place search, and reports that are queued on the phone and sent when
 * the connection is there; for a signed-in grid worker also 我的待办 (the cases dispatched to them, with
 * actions queued like reports) and position sharing while on duty.
 */
import './styles.css';
import { el } from '../kit/dom.ts';
import { ApiRequestError } from '../kit/http.ts';
import { currentLang, onLangChange, toggleLang } from '../kit/i18n.ts';
import { session } from '../kit/session.ts';
import type { LocateResult } from '../../core/contracts/field.ts';
import type { MeResponse } from '../../core/contracts/auth.ts';
import { api } from './api.ts';
import { m } from './i18n.ts';
import { openFieldMap, type FieldMap } from './field-map.ts';
import { gridCard, nearestLists, type PositionSource } from './locate-view.ts';
import { searchBox } from './search-view.ts';
import { loadCategories, reportForm } from './report-form.ts';
import { renderQueue } from './queue-view.ts';
import { onQueueChange, recoverInterrupted, syncReports } from './queue.ts';
import { registerServiceWorker } from './pwa.ts';
import { createInbox } from './tasks-view.ts';
import { forgetTasks } from './tasks-store.ts';
import { openTaskStream } from './live.ts';
import { positionSharing } from './position.ts';

const $ = (id: string) => document.getElementById(id)!;
const state: {
  position: { lon: number; lat: number; source: PositionSource } | null;
  result: LocateResult | null;
  me: MeResponse | null;
  map?: FieldMap;
  form?: ReturnType<typeof reportForm>;
  inbox?: ReturnType<typeof createInbox>;
  sharing?: ReturnType<typeof positionSharing>;
} = { position: null, result: null, me: null };

const status = (text: string) => ($('locate-status').textContent = text);

function renderNet() {
  const net = $('net');
  net.textContent = navigator.onLine ? m().online : m().offline;
  net.className = navigator.onLine ? 'net online' : 'net offline';
}

function renderLocation() {
  if (!state.result || !state.position) return ($('card').replaceChildren(), $('nearest').replaceChildren());
  $('card').replaceChildren(gridCard(state.result, state.position.source));
  $('nearest').replaceChildren(nearestLists(state.result));
}

async function setPosition(lon: number, lat: number, source: PositionSource) {
  state.position = { lon, lat, source };
  state.map?.showPosition(state.position);
  state.form?.refresh();
  if (!navigator.onLine) return status(m().locate.offline);
  status(m().locate.locating);
  try {
    state.result = await api.locate(lon, lat);
    status('');
    state.map?.showSites(state.result);
  } catch (error) {
    state.result = null;
    const failure = error instanceof ApiRequestError ? error : null;
    status(
      failure?.status === 404 ? m().locate.outside : failure?.status === 401 ? m().login.needed : navigator.onLine ? m().locate.failed : m().locate.offline,
    );
  }
  renderLocation();
}

function pickOnMap() {
  if (!state.map) return status(m().locate.denied);
  status(m().locate.pinHint);
  state.map.pickOnce((p) => void setPosition(p.lon, p.lat, 'pin'));
}

function locateMe() {
  if (!('geolocation' in navigator)) return pickOnMap();
  status(m().locate.locating);
  navigator.geolocation.getCurrentPosition(
    (fix) => void setPosition(fix.coords.longitude, fix.coords.latitude, 'gps'),
    () => {
      status(m().locate.denied);
      pickOnMap();
    },
    { enableHighAccuracy: true, timeout: 15_000, maximumAge: 30_000 },
  );
}

function renderLogin() {
  const t = m().login;
  const username = el('input', { name: 'username', id: 'login-username', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', id: 'login-password', type: 'password', autocomplete: 'current-password', required: true });
  const message = el('p', { class: 'error', role: 'alert' });
  $('login').replaceChildren(
    el(
      'form',
      {
        class: 'field-card login',
        onsubmit: (event: Event) => {
          event.preventDefault();
          session.login(username.value, password.value).then(
            () => location.reload(),
            () => (message.textContent = t.failed),
          );
        },
      },
      el('h2', {}, t.needed),
      el('label', {}, t.username, username),
      el('label', {}, t.password, password),
      message,
      el('button', { type: 'submit', id: 'login-submit' }, t.submit),
    ),
  );
}

function renderAccount() {
  const account = state.me?.account;
  $('account').replaceChildren(
    ...(account
      ? [
          el('span', {}, account.displayName),
          el('button', { type: 'button', id: 'logout', onclick: () => session.logout().finally(() => (forgetTasks(), location.reload())) }, m().logout),
        ]
      : []),
  );
  if (state.me && !state.me.authenticated) renderLogin();
  else $('login').replaceChildren();
}

let categoryName = (code: string) => code;

function renderStatic(categories: Awaited<ReturnType<typeof loadCategories>>) {
  const t = m();
  document.title = t.title;
  document.documentElement.lang = currentLang() === 'en' ? 'en' : 'zh-CN';
  $('title').textContent = t.title;
  $('lang').textContent = t.lang;
  $('locate-me').textContent = t.locate.me;
  $('pick').textContent = t.locate.pin;
  renderAccount();
  renderNet();
  renderLocation();
  $('search').replaceChildren(searchBox((hit) => state.map?.fitBbox(hit.bbox)));
  state.form = reportForm({ categories, position: () => state.position });
  $('report').replaceChildren(state.form);
  const names = new Map((categories?.categories ?? []).map((c) => [c.code, c]));
  categoryName = (code) => {
    const entry = names.get(code);
    return entry ? (currentLang() === 'en' ? entry.nameEn : entry.nameZh) : code;
  };
  void renderQueue($('queue'), categoryName);
  void state.inbox?.redraw();
  state.sharing?.render();
}

const WORKER_KEY = 'pingan.field.worker';

/** The worker's inbox, live stream and position sharing: only for a signed-in grid worker. */
function startWorkerTools() {
  // offline at start the server cannot say who is signed in: the phone remembers that a worker was
  if (state.me) localStorage.setItem(WORKER_KEY, state.me.account?.role === 'grid_worker' ? '1' : '0');
  const worker = state.me ? state.me.account?.role === 'grid_worker' : localStorage.getItem(WORKER_KEY) === '1';
  if (state.inbox || !worker) return;
  state.inbox = createInbox($('tasks'), {
    categoryName: (code) => categoryName(code),
    sync: syncReports,
    onShowOnMap: (position) => {
      state.map?.showCase(position);
      $('map').scrollIntoView({ block: 'center' });
    },
  });
  void state.inbox.refresh();
  openTaskStream(() => void state.inbox?.refresh());
  state.sharing = positionSharing($('position'));
  state.sharing.start();
}

async function start() {
  void registerServiceWorker();
  state.me = await session.me().catch(() => null); // offline: unknown, the queue still works
  const categories = await loadCategories();
  renderStatic(categories);
  $('lang').addEventListener('click', () => toggleLang());
  onLangChange(() => renderStatic(categories));
  $('locate-me').addEventListener('click', locateMe);
  $('pick').addEventListener('click', pickOnMap);
  onQueueChange(() => {
    void renderQueue($('queue'), categoryName);
    void state.inbox?.redraw();
  });
  startWorkerTools();
  window.addEventListener('online', () => {
    renderNet();
    if (!state.me)
      void session.me().then(
        (me) => ((state.me = me), renderAccount(), startWorkerTools()),
        () => undefined,
      );
    state.form?.refresh();
    void syncReports().finally(() => void state.inbox?.refresh());
  });
  window.addEventListener('offline', renderNet);
  state.map = await openFieldMap($('map'));
  await recoverInterrupted();
  if (navigator.onLine) await syncReports().finally(() => void state.inbox?.refresh());
}

// the service worker's scope is /field/: a visit to /field (no slash) would not be served offline
if (location.pathname === '/field') location.replace(`/field/${location.search}${location.hash}`);
const ready = start();
(window as unknown as { __field: unknown }).__field = { ready, state, syncReports };
