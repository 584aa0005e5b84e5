import { currentLang } from '../../kit/i18n.ts';
import { el, fmt } from '../../kit/dom.ts';
import { t } from '../i18n/index.ts';
import { changed, signedIn, state } from '../app/state.ts';
import { incidentWire } from '../overlay/incident-store.ts';
import { categoryColors, monthIndex, monthLabel } from '../overlay/incident-data.ts';

const MONTHS = 48; // 2018-01 … 2021-12
let timer: ReturnType<typeof setInterval> | undefined;
export let shownTotal = 0;

/** Category/status filters, the month slider with playback, and the legend of point colours. */
export function incidentControls(): HTMLElement {
  const m = t();
  const wire = incidentWire();
  const filter = state.incidentFilter;
  const update = () => changed('incidentFilter');
  const names = wire?.header.categoryNames ?? {};
  const nameOf = (code: string) => names[code]?.[currentLang() === 'en' ? 1 : 0] ?? code;
  const zero = wire?.header.monthZero ?? '2018-01';
  const label = filter.month === null ? `${monthLabel(zero, filter.fromMonth)} – ${monthLabel(zero, filter.toMonth)}` : monthLabel(zero, filter.month);
  const play = () => {
    if (timer) {
      clearInterval(timer);
      timer = undefined;
    } else {
      timer = setInterval(() => {
        filter.month = filter.month === null || filter.month >= MONTHS - 1 ? 0 : filter.month + 1;
        update();
      }, 900);
    }
    update();
  };
  return el(
    'div',
    { class: 'controls' },
    signedIn() || !wire
      ? el(
          'label',
          {},
          `${m.category} `,
          el(
            'select',
            {
              'data-testid': 'incident-category',
              onchange: (e: Event) => {
                filter.category = (e.target as HTMLSelectElement).value;
                update();
              },
            },
            el('option', { value: '' }, m.all),
            ...(wire?.header.categories ?? []).map((code) => el('option', { value: code, selected: code === filter.category }, nameOf(code))),
          ),
        )
      : el('p', { class: 'muted small' }, m.aggregatedOnly),
    signedIn()
      ? el(
          'label',
          {},
          `${m.status} `,
          el(
            'select',
            {
              onchange: (e: Event) => {
                filter.status = (e.target as HTMLSelectElement).value as typeof filter.status;
                update();
              },
            },
            ...(
              [
                ['', m.all],
                ['open', m.open],
                ['closed', m.closed],
              ] as const
            ).map(([value, text]) => el('option', { value, selected: value === filter.status }, text)),
          ),
        )
      : null,
    el(
      'div',
      { class: 'range' },
      ...(['fromMonth', 'toMonth'] as const).map((bound) =>
        el('input', {
          type: 'month',
          min: '2018-01',
          max: '2021-12',
          'aria-label': bound === 'fromMonth' ? m.from : m.to,
          value: monthLabel(zero, filter[bound]),
          onchange: (e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            if (!value) return;
            filter[bound] = Math.max(0, Math.min(MONTHS - 1, monthIndex(zero, value)));
            filter.month = null;
            update();
          },
        }),
      ),
    ),
    el(
      'div',
      { class: 'month' },
      el('button', { type: 'button', class: 'play', onclick: play }, timer ? `⏸ ${m.pause}` : `▶ ${m.play}`),
      el('input', {
        type: 'range',
        min: '-1',
        max: String(MONTHS - 1),
        value: String(filter.month ?? -1),
        'aria-label': m.month,
        oninput: (e: Event) => {
          const value = Number((e.target as HTMLInputElement).value);
          filter.month = value < 0 ? null : value;
          update();
        },
      }),
      el('span', { class: 'month-label', 'data-testid': 'month-label' }, label),
    ),
    el('p', { class: 'small' }, `${m.count}: `, el('b', { 'data-testid': 'incident-count' }, fmt(shownTotal))),
    signedIn() && wire
      ? el(
          'ul',
          { class: 'legend' },
          ...wire.header.categories.map((code, i) =>
            el('li', {}, el('span', { class: 'swatch dot', style: `--c:rgb(${(categoryColors[i] ?? [117, 117, 117]).join(',')})` }), nameOf(code)),
          ),
        )
      : el('p', { class: 'muted small' }, m.heatLegend),
  );
}

export const setShownTotal = (total: number) => {
  shownTotal = total;
};
