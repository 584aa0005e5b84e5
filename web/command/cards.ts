import type { SummaryResponse } from '../../core/contracts/kpis.ts';
import { el, fmt } from '../kit/dom.ts';
import { m } from './i18n.ts';

/**
 * The number cards: reported today, in progress, overdue (red when > 0), closed today, grid workers.
 *
 * @example
 * renderCards(document.getElementById('cmd-cards')!, await commandApi.summary('210103'));
 */
export function renderCards(host: HTMLElement, s: SummaryResponse | null) {
  const t = m();
  const card = (key: string, label: string, value: number | undefined, extra?: string, alert = false) =>
    el(
      'div',
      { class: `cmd-card${alert ? ' alert' : ''}`, 'data-card': key },
      el('div', { class: 'value' }, value === undefined ? '—' : fmt(value)),
      el('div', { class: 'label' }, label),
      extra ? el('div', { class: 'extra' }, extra) : null,
    );
  host.replaceChildren(
    card('today', t.today, s?.today),
    card('inProgress', t.inProgress, s?.inProgress),
    card('overdue', t.overdue, s?.overdue, undefined, (s?.overdue ?? 0) > 0),
    card('closedToday', t.closedToday, s?.closedToday),
    card('workers', t.workers, s?.gridWorkers, s ? `${t.fullTime} ${fmt(s.fullTimeWorkers)}` : undefined),
  );
}
