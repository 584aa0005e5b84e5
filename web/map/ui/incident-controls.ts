/**
 * Category/status filters, the time window (months of the data, the user's choice within them), the
 * month slider with playback, and the legend of point colours. Built when the panel renders; a filter
 * change or a playback tick only updates the few nodes that show it (`updateIncidentControls`), so the
 * layer list stays clickable while it plays.
 */
import { currentLang } from '../../kit/i18n.ts';
import { el, fmt } from '../../kit/dom.ts';
import { t } from '../i18n/index.ts';
import { changed, signedIn, state } from '../app/state.ts';
import { dataMonths, incidentWire, windowIndexes } from '../overlay/incident-store.ts';
import { categoryColors, monthLabel } from '../overlay/incident-data.ts';
import { hexLegend } from './legends.ts';

let timer: ReturnType<typeof setTimeout> | undefined;
export let shownTotal = 0;
let refs:
  { play: HTMLButtonElement; slider: HTMLInputElement; label: HTMLElement; count: HTMLElement; from: HTMLInputElement; to: HTMLInputElement } | undefined;

const update = () => changed('incidentFilter');

/** One playback step: the next month of the window (after the last, the first again). */
function step() {
  const w = windowIndexes();
  const wire = incidentWire();
  if (w && wire) {
    const current = w.month === null || w.month < w.from || w.month >= w.to ? w.from : w.month + 1;
    state.incidentFilter.month = monthLabel(wire.header.monthZero, current);
    update();
  }
  // the next step only after this one has been drawn (two animation frames) plus a pause: on a slow
  // device the drawing never queues up, and clicks elsewhere on the page are served in between
  requestAnimationFrame(() => requestAnimationFrame(() => (timer ? (timer = setTimeout(step, 900)) : undefined)));
}

/** Starts or stops stepping through the months of the window, one every 0.9 s (or slower, as drawn). */
function togglePlay() {
  if (timer) {
    clearTimeout(timer);
    timer = undefined;
  } else timer = setTimeout(step, 0);
  updateIncidentControls();
}

/** Stops playback (the layer was switched off or the page left). */
export function stopPlayback() {
  if (timer) clearTimeout(timer);
  timer = undefined;
}

/** Refreshes the label, slider, bounds, play button and count in place. */
export function updateIncidentControls() {
  if (!refs || !refs.label.isConnected) return;
  const m = t();
  const wire = incidentWire();
  const w = windowIndexes();
  const months = dataMonths();
  const f = state.incidentFilter;
  refs.play.textContent = timer ? `⏸ ${m.pause}` : `▶ ${m.play}`;
  if (months) {
    for (const input of [refs.from, refs.to]) [input.min, input.max] = [months.first, months.last];
    refs.from.value = f.from || months.first;
    refs.to.value = f.to || months.last;
  }
  if (w && wire) {
    refs.slider.max = String(w.to - w.from);
    refs.slider.value = String(w.month === null ? -1 : w.month - w.from);
    const zero = wire.header.monthZero;
    refs.label.textContent = w.month === null ? `${monthLabel(zero, w.from)} – ${monthLabel(zero, w.to)}` : monthLabel(zero, w.month);
  } else refs.label.textContent = '…';
  refs.count.textContent = fmt(shownTotal);
}

function select(testId: string, value: string, options: [string, string][], onchange: (value: string) => void) {
  return el(
    'select',
    { 'data-testid': testId, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) },
    ...options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)),
  );
}

export function incidentControls(): HTMLElement {
  const m = t();
  const wire = incidentWire();
  const f = state.incidentFilter;
  const names = wire?.header.categoryNames ?? {};
  const nameOf = (code: string) => names[code]?.[currentLang() === 'en' ? 1 : 0] ?? code;
  const bound = (which: 'from' | 'to') =>
    el('input', {
      type: 'month',
      'data-testid': `incident-${which}`,
      'aria-label': which === 'from' ? m.from : m.to,
      onchange: (e: Event) => {
        f[which] = (e.target as HTMLInputElement).value;
        f.month = null;
        update();
      },
    });
  refs = {
    play: el('button', { type: 'button', class: 'play', 'data-testid': 'incident-play', onclick: togglePlay }),
    slider: el('input', {
      type: 'range',
      min: '-1',
      'aria-label': m.month,
      oninput: (e: Event) => {
        const w = windowIndexes();
        const wire = incidentWire();
        if (!w || !wire) return;
        const value = Number((e.target as HTMLInputElement).value);
        f.month = value < 0 ? null : monthLabel(wire.header.monthZero, w.from + value);
        update();
      },
    }),
    label: el('span', { class: 'month-label', 'data-testid': 'month-label' }),
    count: el('b', { 'data-testid': 'incident-count' }),
    from: bound('from'),
    to: bound('to'),
  };
  const root = el(
    'div',
    { class: 'controls' },
    signedIn() || !wire
      ? el(
          'label',
          {},
          `${m.category} `,
          select(
            'incident-category',
            f.category,
            [['', m.all], ...(wire?.header.categories ?? []).map((c) => [c, nameOf(c)] as [string, string])],
            (v) => ((f.category = v), update()),
          ),
        )
      : el('p', { class: 'muted small' }, m.aggregatedOnly),
    signedIn()
      ? el(
          'label',
          {},
          `${m.status} `,
          select(
            'incident-status',
            f.status,
            [
              ['', m.all],
              ['open', m.open],
              ['closed', m.closed],
            ],
            (v) => ((f.status = v as typeof f.status), update()),
          ),
        )
      : null,
    el('div', { class: 'range' }, refs.from, refs.to),
    el('div', { class: 'month' }, refs.play, refs.slider, refs.label),
    el('p', { class: 'small' }, `${m.count}: `, refs.count),
    signedIn() && wire
      ? el(
          'ul',
          { class: 'legend' },
          ...wire.header.categories.map((code, i) =>
            el('li', {}, el('span', { class: 'swatch dot', style: `--c:rgb(${(categoryColors[i] ?? [117, 117, 117]).join(',')})` }), nameOf(code)),
          ),
        )
      : null,
    hexLegend(),
  );
  updateIncidentControls();
  return root;
}

export const setShownTotal = (total: number) => {
  shownTotal = total;
};
