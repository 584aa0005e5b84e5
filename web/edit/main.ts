/**
 * The boundary editor (/edit/, #20 item 4): an administrator splits, merges and redraws the grids of a
 * community and adds, moves and retires its sites, each edit with a reason; any past day can be shown as
 * it stood, and the edit log lists who changed what and why. Other visitors see why there is no editor.
 */
import './styles.css';
import type { SiteKindRegistry } from '../../core/contracts/site-kinds.ts';
import { el } from '../kit/dom.ts';
import { requestJson } from '../kit/http.ts';
import { currentLang, onLangChange, setLang } from '../kit/i18n.ts';
import { createMap, loadStyle, registerBasemapProtocols } from '../kit/map/create-map.ts';
import { session } from '../kit/session.ts';
import { handleClicks } from './clicks.ts';
import { createDrawing } from './draw.ts';
import { gate, toolbar } from './gate.ts';
import { m } from './i18n.ts';
import { addEditLayers, fetchGrids, fetchSites, gridsBounds, showData, showSelection } from './layers.ts';
import { editLog } from './log.ts';
import { emptyState, resetTool, type Editor } from './state.ts';
import { toolPanel } from './tools.ts';

const content = document.getElementById('content')!;
const me = await session.me().catch(() => null);
/** today in Asia/Shanghai, the day "as of" dates are counted in */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

async function start() {
  const mapBox = el('div', { id: 'edit-map', role: 'application' });
  const controls = el('div', { class: 'controls' });
  const panelHost = el('div', {});
  const logHost = el('div', {});
  content.replaceChildren(el('div', { class: 'editor' }, mapBox, el('aside', { id: 'edit-side' }, controls, panelHost, logHost)));
  const style = await loadStyle();
  await registerBasemapProtocols(style);
  const map = createMap(mapBox, style);
  await map.once('load');
  addEditLayers(map);
  const siteKinds = (await requestJson<SiteKindRegistry>('/api/site-kinds')).kinds
    .filter((k) => !k.retired)
    .map((k) => ({ kind: k.kind, name: currentLang() === 'en' ? k.nameEn : k.nameZh }));
  let loads = 0;

  const editor: Editor = {
    map,
    drawing: createDrawing(map),
    state: emptyState(),
    async reload() {
      const { state } = editor;
      if (state.area) {
        [state.grids, state.sites] = await Promise.all([fetchGrids(state.area, state.asOf), fetchSites(state.area, state.asOf)]);
        showData(map, state.grids, state.sites);
      }
      renderControls();
      editor.changed();
      logHost.replaceChildren(await editLog());
      loads += 1;
    },
    changed() {
      const { state } = editor;
      showSelection(map, state.grids, state.selectedGrids, state.sites, state.selectedSite);
      panelHost.replaceChildren(state.area && !state.asOf ? toolPanel(editor, siteKinds, panelHost.firstElementChild as HTMLElement | null) : '');
    },
  };

  const load = async (area: string) => {
    editor.state.area = area;
    resetTool(editor, null);
    if (area) history.replaceState(null, '', `?area=${area}${location.hash}`);
    await editor.reload();
    const bounds = gridsBounds(editor.state.grids);
    if (bounds) map.fitBounds(bounds, { padding: 80, animate: false });
  };

  function renderControls() {
    const t = m();
    const { state } = editor;
    const code = el('input', { name: 'area', value: state.area, inputmode: 'numeric', pattern: '[0-9]{9}|[0-9]{12}', required: true });
    const day = el('input', { type: 'date', name: 'asOf', value: state.asOf || today(), max: today() });
    day.addEventListener('change', () => {
      state.asOf = day.value && day.value !== today() ? day.value : '';
      resetTool(editor, null);
      void editor.reload();
    });
    const pick = (event: Event) => (event.preventDefault(), void load(code.value));
    controls.replaceChildren(
      el('form', { class: 'area', onsubmit: pick }, el('label', {}, t.area, code), el('button', { type: 'submit' }, t.load)),
      el('label', { class: 'as-of' }, t.asOf, day),
      el('p', { class: 'hint' }, state.area ? t.grids(state.grids.features.length) : t.pickArea),
      state.asOf ? el('p', { class: 'notice', 'data-testid': 'history-note' }, t.history) : '',
      el('p', { class: 'notice phone-note' }, t.phone),
    );
  }

  handleClicks(editor, (area) => void load(area));
  onLangChange(() => {
    toolbar(me);
    renderControls();
    editor.changed();
    void editLog().then((log) => logHost.replaceChildren(log));
  });
  const ready = load(new URLSearchParams(location.search).get('area') ?? '');
  Object.assign(window, { __edit: { map, editor, ready, loads: () => loads } });
}

setLang(currentLang());
toolbar(me);
if (me?.role === 'admin') await start();
else {
  content.replaceChildren(gate(me));
  onLangChange(() => (toolbar(me), content.replaceChildren(gate(me))));
}
