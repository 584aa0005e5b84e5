/** Legends of the deck.gl layers: the incident density (heat and hexagons) and the coverage choropleth. */
import { el } from '../../kit/dom.ts';
import { t } from '../i18n/index.ts';
import { state } from '../app/state.ts';
import { HEX_COLORS } from '../overlay/incident-data.ts';
import { ramp } from '../overlay/coverage-store.ts';

const gradient = (colors: string[]) => `background: linear-gradient(to right, ${colors.map((c, i) => `${c} ${(i / (colors.length - 1)) * 100}%`).join(', ')})`;

/**
 * Incident density: the hexagon classes (fewest → most incidents per hexagon), and which zoom shows what.
 *
 * @example
 * panel.append(hexLegend());
 */
export function hexLegend(): HTMLElement {
  const m = t();
  return el(
    'div',
    { class: 'layer-legend', 'data-testid': 'legend-incidents' },
    el('div', { class: 'small' }, m.incidentsHeat),
    el('div', { class: 'ramp', style: gradient(HEX_COLORS.map((c) => `rgb(${c.join(',')})`)) }),
    el('div', { class: 'ramp-labels small' }, el('span', {}, m.fewer), el('span', {}, m.more)),
    el('p', { class: 'muted small' }, m.heatLegend),
  );
}

/**
 * The coverage choropleth's colour ramp for the chosen metric.
 *
 * @example
 * panel.append(coverageLegend());
 */
export function coverageLegend(): HTMLElement {
  const m = t();
  const stops = [0, 0.25, 0.5, 0.75, 1].map((v) => `rgba(${ramp(v).slice(0, 3).join(',')},0.8)`);
  return el(
    'div',
    { class: 'layer-legend', 'data-testid': 'legend-coverage' },
    el('div', { class: 'small' }, state.coverage.metric === 'covered' ? m.coverageShare : m.coveragePer1000),
    el('div', { class: 'ramp', style: gradient(stops) }),
    el('div', { class: 'ramp-labels small' }, el('span', {}, '0'), el('span', {}, state.coverage.metric === 'covered' ? '100%' : '≥10‰')),
    el('p', { class: 'muted small' }, m.coverageZoom),
  );
}
