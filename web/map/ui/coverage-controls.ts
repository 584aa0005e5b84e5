import { t } from '../i18n/index.ts';
import { changed, state } from '../app/state.ts';
import { ramp } from '../overlay/coverage-store.ts';
import { el } from '../../kit/dom.ts';

/** Metric (volunteers per 1,000 / share near a staffed watch post), radius, and the colour ramp. */
export function coverageControls(): HTMLElement {
  const m = t();
  const c = state.coverage;
  const stops = [0, 0.25, 0.5, 0.75, 1].map((v) => `rgba(${ramp(v).slice(0, 3).join(',')},0.8) ${v * 100}%`).join(', ');
  return el(
    'div',
    { class: 'controls' },
    el(
      'select',
      {
        onchange: (e: Event) => {
          c.metric = (e.target as HTMLSelectElement).value as typeof c.metric;
          changed('coverage');
        },
      },
      el('option', { value: 'covered', selected: c.metric === 'covered' }, m.coverageShare),
      el('option', { value: 'per1000', selected: c.metric === 'per1000' }, m.coveragePer1000),
    ),
    el(
      'label',
      {},
      `${m.radius} `,
      el(
        'select',
        {
          onchange: (e: Event) => {
            c.radius = Number((e.target as HTMLSelectElement).value);
            changed('coverage');
          },
        },
        ...[300, 500, 1000].map((r) => el('option', { value: String(r), selected: r === c.radius }, `${r} m`)),
      ),
    ),
    el('div', { class: 'ramp', style: `background: linear-gradient(to right, ${stops})` }),
    el('div', { class: 'ramp-labels small' }, el('span', {}, '0'), el('span', {}, c.metric === 'covered' ? '100%' : '≥10‰')),
  );
}
