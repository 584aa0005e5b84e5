import type { StatsSummary } from '../../../core/contracts/system.ts';
import { palette } from '../../../core/contracts/map-palette.ts';
import { kindColor, kindName, panelKinds, registeredKinds } from '../app/site-kinds.ts';
import { t } from '../i18n/index.ts';
import { changed, signedIn, state, type ToggleLayer } from '../app/state.ts';
import { el, fmt } from '../../kit/dom.ts';
import { incidentControls } from './incident-controls.ts';
import { coverageControls } from './coverage-controls.ts';

const swatch = (color: string, shape: 'line' | 'dot' | 'box' = 'box') => el('span', { class: `swatch ${shape}`, style: `--c:${color}` });

function toggle(layer: ToggleLayer, label: string, legend: Node, count?: number) {
  const input = el('input', {
    type: 'checkbox',
    'data-layer': layer,
    checked: state.visible[layer],
    onchange: (event: Event) => {
      state.visible[layer] = (event.target as HTMLInputElement).checked;
      changed('visible');
    },
  });
  return el(
    'label',
    { class: 'toggle' },
    input,
    legend,
    el('span', { class: 'name' }, label),
    count !== undefined ? el('span', { class: 'count' }, fmt(count)) : null,
  );
}

/** One checkbox per site kind (from the registry and the data, so a kind added as a row appears), with its count. */
function siteKindToggles(summary: StatsSummary | null): HTMLElement {
  const kinds = panelKinds(summary?.sites ?? null);
  return el(
    'ul',
    { class: 'legend kinds' },
    ...kinds.map((kind) =>
      el(
        'li',
        {},
        el(
          'label',
          { class: 'toggle' },
          el('input', {
            type: 'checkbox',
            'data-site-kind': kind,
            checked: !state.hiddenSiteKinds.includes(kind),
            disabled: !state.visible.sites,
            onchange: (event: Event) => {
              const on = (event.target as HTMLInputElement).checked;
              state.hiddenSiteKinds = on ? state.hiddenSiteKinds.filter((k) => k !== kind) : [...state.hiddenSiteKinds, kind];
              changed('visible');
            },
          }),
          swatch(kindColor(kind), 'dot'),
          el('span', { class: 'name' }, kindName(kind)),
          summary ? el('span', { class: 'count' }, fmt(summary.sites[kind] ?? 0)) : null,
        ),
      ),
    ),
  );
}

/**
 * Layer panel: toggles with legend swatches and city-wide counts, a toggle per site kind, then the
 * incident and coverage controls with the legends of what they draw. Rebuilt when layers, sign-in or
 * language change — never by a filter change or a playback tick (those update their nodes in place).
 */
export function renderPanel(root: HTMLElement, summary: StatsSummary | null) {
  const m = t();
  const sitesTotal = summary ? Object.values(summary.sites).reduce((a, b) => a + b, 0) : undefined;
  const collapsed = root.classList.contains('collapsed');
  root.replaceChildren(
    el(
      'button',
      {
        type: 'button',
        class: 'panel-toggle',
        'aria-expanded': String(!collapsed),
        onclick: () => {
          root.classList.toggle('collapsed');
          renderPanel(root, summary);
        },
      },
      `☰ ${m.layers}`,
    ),
    el(
      'div',
      { class: 'panel-body' },
      el('h3', {}, m.boundaries),
      toggle('districts', m.districts, swatch(palette.district, 'line'), summary?.districts),
      toggle('streets', m.streets, swatch(palette.street, 'line'), summary?.streets),
      toggle('communities', m.communities, swatch(palette.community, 'line'), summary?.communities),
      toggle('grid_cells', m.grid_cells, swatch(palette.grid, 'line'), summary?.gridCells),
      toggle('compounds', m.compounds, swatch(palette.compound, 'dot'), summary?.compounds),
      toggle('sites', m.sites, swatch(registeredKinds()[0]?.color ?? palette.compound, 'dot'), sitesTotal),
      siteKindToggles(summary),
      el('h3', {}, m.incidents),
      toggle('incidents', m.incidentsHeat, swatch('#e53935'), summary?.incidents),
      state.visible.incidents ? incidentControls() : null,
      el('h3', {}, m.coverage),
      signedIn() ? toggle('coverage', m.coverage, swatch('#43a047')) : el('p', { class: 'muted small' }, `${m.coverage}: ${m.loginToSee}`),
      state.visible.coverage && signedIn() ? coverageControls() : null,
    ),
  );
}
