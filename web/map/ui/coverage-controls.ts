import { t } from '../i18n/index.ts';
import { changed, state } from '../app/state.ts';
import { coverageLegend } from './legends.ts';
import { el } from '../../kit/dom.ts';

/** Metric (volunteers per 1,000 / share near a staffed watch post), radius, and the colour ramp. */
export function coverageControls(): HTMLElement {
  const m = t();
  const c = state.coverage;
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
    coverageLegend(),
  );
}
