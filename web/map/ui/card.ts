import type { AreaCard, GridWorkerContact } from '../../../core/contracts/map.ts';
import { t } from '../i18n/index.ts';
import { kindColor, kindName } from '../app/site-kinds.ts';
import { el, fmt } from '../../kit/dom.ts';

/** The info card of the selected area; `worker` is the masked contact (signed-in roles only). */
export function renderCard(root: HTMLElement, card: AreaCard | null, worker: GridWorkerContact | null | 'hidden', close: () => void) {
  root.hidden = !card;
  if (!card) return root.replaceChildren();
  const m = t();
  const parents = card.chain
    .slice(0, -1)
    .map((a) => a.name)
    .join(' › ');
  const row = (label: string, value: string) => el('div', { class: 'row' }, el('dt', {}, label), el('dd', {}, value));
  const workerText =
    worker === 'hidden'
      ? m.loginToSee
      : worker
        ? `${worker.name ?? ''} ${worker.phone ?? ''} (${m.employment[worker.employment] ?? worker.employment})`
        : m.none;
  const sites = card.sites.length
    ? el(
        'ul',
        { class: 'sites' },
        ...card.sites.map((s) => el('li', {}, el('span', { class: 'dot', style: `background:${kindColor(s.kind)}` }), `${kindName(s.kind)} · ${s.name}`)),
      )
    : el('p', { class: 'muted' }, m.none);
  const children: (Node | null)[] = [
    el('button', { type: 'button', class: 'close', 'aria-label': m.close, onclick: close }, '×'),
    el('p', { class: 'level' }, m.level[card.level]),
    el('h2', { 'data-testid': 'card-name' }, card.name),
    parents ? el('p', { class: 'chain', 'data-testid': 'card-chain' }, parents) : null,
    el(
      'dl',
      {},
      row(m.code, card.code),
      row(m.households, fmt(card.households)),
      row(m.population, fmt(card.population)),
      card.level !== 'grid' ? row(m.gridCount, fmt(card.gridCount)) : null,
      row(m.compounds, fmt(card.compounds)),
      row(m.volunteers, fmt(card.volunteers)),
      card.level === 'grid' ? row(m.worker, workerText) : null,
    ),
    el('h3', {}, `${m.sitesInside} (${Object.values(card.siteCounts).reduce((a, b) => a + b, 0)})`),
    sites,
    card.synthetic ? el('p', { class: 'muted small' }, m.synthetic) : null,
  ];
  root.replaceChildren(...children.filter((child): child is Node => child !== null));
}
