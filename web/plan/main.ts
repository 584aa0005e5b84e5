/**
 * The planner page (/plan/): coverage gaps, where k new sites help most, hotspots; printable report.
 * The base map, session, requests and language come from the kit (web/kit); its own layers, panels and
 * messages live here.
 */
import './styles.css';
import { createMap, loadStyle } from '../kit/map/create-map.ts';
import { currentLang, setLang } from '../kit/i18n.ts';
import { el } from '../kit/dom.ts';
import { ApiRequestError, query } from '../kit/http.ts';
import { session } from '../kit/session.ts';
import { planApi } from './api.ts';
import { m } from './i18n.ts';
import { addPlanLayers, boundsOf, setAreas, setCompounds, setHotspots, setSiting, showTab } from './layers.ts';
import { coverageQuery, renderParams } from './params.ts';
import { area, canSite, defaultRadius, plan, type Tab } from './state.ts';
import { localPeriod } from '../../core/formats/local-date.ts';
import { restoreState, saveState } from './url-state.ts';
import { compareTable, coverageSummary, gapTable, hotspotSummary, scenarioList, sitingSummary } from './tables.ts';
import { drawGainChart, resizeGainChart } from './chart.ts';
import { downloadMapPng, printReport } from './report.ts';
import { showLogin } from './login.ts';
import { exportLinks } from './exports.ts';
import { addWalkLayers, walkPanel, withWalk } from './walk.ts';

const $ = (id: string) => document.getElementById(id)!;
const side = $('side');
const chosen = new Set<number>();

plan.me = await session.me().catch(() => null);
if (!plan.me?.authenticated) {
  showLogin($('login'));
} else {
  await start();
}

async function start() {
  const [{ kinds }, style] = await Promise.all([planApi.kinds(), loadStyle()]);
  plan.registry = kinds;
  plan.level = 'district';
  // a shared link reopens the same analysis: its parameters first, the analysis once the map is ready
  const rerun = restoreState(location.search);
  if (!plan.radiusTouched) plan.radius = defaultRadius();
  let ran: Tab | null = null;
  const map = createMap($('map'), style);
  // on a phone the attribution starts folded, so it does not cover the map
  if (window.innerWidth < 700) map.once('load', () => document.querySelector('.maplibregl-ctrl-attrib')?.classList.remove('maplibregl-compact-show'));
  const loaded = new Promise<void>((resolve) => map.on('load', () => (addPlanLayers(map), addWalkLayers(map, () => render()), resolve())));
  const fit = (shapes: Parameters<typeof boundsOf>[0]) => {
    const b = boundsOf(shapes);
    const pad = window.innerWidth < 700 ? 16 : 40;
    if (b) map.fitBounds(b, { padding: pad, maxZoom: 15, duration: 0 });
  };

  const guarded = async (work: () => Promise<void>) => {
    plan.busy = true;
    plan.error = '';
    render();
    try {
      await work();
    } catch (error) {
      plan.error = error instanceof ApiRequestError ? `${error.field ? `${error.field}: ` : ''}${error.message}` : String(error);
    } finally {
      plan.busy = false;
      render();
    }
  };

  const loadCoverage = async () => {
    const q = withWalk(coverageQuery());
    const [coverage, shapes, { compounds }] = await Promise.all([planApi.coverage(q), planApi.coverageShapes(q), planApi.compounds(withWalk(coverageQuery()))]);
    await loaded;
    plan.coverage = coverage;
    setAreas(map, shapes);
    setCompounds(map, compounds);
    fit(shapes);
  };

  const actions = {
    coverage: () => void guarded(loadCoverage),
    siting: () =>
      void guarded(async () => {
        const request = { kinds: plan.kinds, radius: plan.radius, k: plan.k, candidates: plan.candidates, ...(area() ? { area: area() } : {}) };
        const [result] = await Promise.all([planApi.siting(request), loadCoverage()]);
        plan.siting = result;
        setSiting(map, result);
        ran = 'siting';
      }),
    hotspots: () =>
      void guarded(async () => {
        const q = query({ from: plan.from, to: plan.to, group: plan.group, area: area() });
        const [hotspots, shapes] = await Promise.all([planApi.hotspots(q), planApi.hotspotShapes(q)]);
        await loaded;
        plan.hotspots = hotspots;
        // the local days the period covers, the last one included (the API's `to` is exclusive)
        ({ from: plan.from, to: plan.to } = localPeriod(hotspots.period.from, hotspots.period.to));
        ran = 'hotspots';
        setHotspots(map, shapes);
        fit(shapes);
      }),
    district: (code: string) =>
      void guarded(async () => {
        plan.district = code;
        plan.street = '';
        // one polygon says little: inside a district, look at communities
        if (code && plan.level === 'district') plan.level = 'community';
        plan.streets = code ? (await planApi.coverage(query({ kinds: plan.kinds.join(','), radius: plan.radius, level: 'street', area: code }))).rows : [];
      }),
  };

  const scenarioActions = {
    toggle: (id: number) => (chosen.has(id) ? chosen.delete(id) : chosen.add(id), render()),
    remove: (id: number) => void guarded(async () => (await planApi.deleteScenario(id), chosen.delete(id), await loadScenarios())),
    compare: () =>
      void guarded(async () => {
        const data = await planApi.compare([...chosen]);
        render();
        $('compare').replaceChildren(compareTable(data));
      }),
  };
  const loadScenarios = async () => {
    if (canSite()) plan.scenarios = (await planApi.scenarios()).scenarios;
  };
  const save = (name: string) =>
    void guarded(async () => {
      const request = { kinds: plan.kinds, radius: plan.radius, k: plan.k, candidates: plan.candidates, ...(area() ? { area: area() } : {}) };
      await planApi.saveScenario({ ...request, name });
      await loadScenarios();
    });

  function renderTabs() {
    $('heading').textContent = m().title;
    document.title = `${m().short} · 平安网格`;
    $('tabs').replaceChildren(
      ...(['coverage', 'siting', 'hotspots'] as Tab[]).map((tab) =>
        el(
          'button',
          {
            type: 'button',
            role: 'tab',
            'aria-selected': String(plan.tab === tab),
            class: plan.tab === tab ? 'active' : '',
            onclick: () => ((plan.tab = tab), showTab(map, tab), render()),
          },
          m().tabs[tab],
        ),
      ),
    );
    $('tools').replaceChildren(
      exportLinks(),
      el('button', { type: 'button', onclick: () => downloadMapPng(map) }, m().png),
      el('button', { type: 'button', id: 'print', onclick: () => printReport($('report'), map, side) }, m().print),
      el(
        'button',
        { type: 'button', id: 'lang', onclick: () => (setLang(currentLang() === 'zh' ? 'en' : 'zh'), render()) },
        currentLang() === 'zh' ? 'EN' : '中文',
      ),
      el('a', { href: '/', class: 'link' }, m().mapLink),
      el('button', { type: 'button', class: 'link', onclick: () => session.logout().finally(() => location.reload()) }, m().logout),
    );
  }

  function render() {
    renderTabs();
    const parts: (HTMLElement | null)[] = [renderParams(actions, render)];
    if (plan.tab === 'coverage') parts.push(walkPanel(() => actions.coverage()));
    if (plan.tab === 'coverage' && plan.coverage) parts.push(coverageSummary(plan.coverage), gapTable(plan.coverage));
    if (plan.tab === 'siting' && canSite()) {
      if (plan.siting) parts.push(sitingSummary(plan.siting, save));
      parts.push(scenarioList(plan.scenarios, chosen, scenarioActions));
    }
    if (plan.tab === 'hotspots' && plan.hotspots) parts.push(hotspotSummary(plan.hotspots));
    side.replaceChildren(...(parts.filter(Boolean) as HTMLElement[]));
    const host = document.getElementById('gain-chart');
    if (host && plan.siting) drawGainChart(host, plan.siting);
    saveState(ran === plan.tab ? ran : null);
  }

  window.addEventListener('resize', () => resizeGainChart());
  render();
  const ready = Promise.all([loaded, loadScenarios()]).then(async () => {
    const first = await planApi.coverage(coverageQuery('district'));
    plan.districts = first.rows.map(({ code, name }) => ({ code, name }));
    if (plan.district)
      plan.streets = (await planApi.coverage(query({ kinds: plan.kinds.join(','), radius: plan.radius, level: 'street', area: plan.district }))).rows;
    showTab(map, plan.tab);
    await loadCoverage();
    render();
    if (rerun === 'siting' && plan.tab === 'siting' && canSite()) actions.siting();
    if (rerun === 'hotspots' && plan.tab === 'hotspots') actions.hotspots();
  });
  Object.assign(window, { __plan: { map, plan, ready, actions, render } });
}
