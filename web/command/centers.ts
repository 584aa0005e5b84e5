/**
 * The center's own desk (三级综治中心): which center the selected area belongs to, the centers and
 * departments by name (GET /api/centers, loaded once), and the desk view in the live box — the center's
 * queue of cases it holds and its own KPIs (a case counts for the center that held it when it closed).
 */
import type { z } from 'zod';
import type { centerListSchema, holderKpisSchema, queueSchema } from '../../core/contracts/centers.ts';
import { requestJson, withQuery } from '../kit/http.ts';
import { el } from '../kit/dom.ts';
import { areaCard } from '../kit/areas.ts';
import { statusLabels } from '../../core/workflow/machine.ts';
import { currentLang } from '../kit/i18n.ts';
import { m, pct } from './i18n.ts';

type CenterList = z.infer<typeof centerListSchema>;
type Center = CenterList['items'][number];
type Queue = z.infer<typeof queueSchema>;
type Kpis = z.infer<typeof holderKpisSchema>;

let centers: Promise<Center[]> | null = null;
/** Centers and departments the caller may see, cached for the page's life (a reload refreshes the counts). */
export const loadCenters = () =>
  (centers ??= requestJson<CenterList>('/api/centers')
    .then((r) => r.items)
    .catch(() => []));
export const forgetCenters = () => (centers = null);

/**
 * The center whose desk the selected area shows: a street or district code itself, the street of a
 * community or grid, the city center for the whole city.
 *
 * @example
 * await centerOf('21010200100101') // '210102001'
 */
export async function centerOf(area: string | undefined): Promise<string | undefined> {
  if (area && (area.length === 9 || (area.length === 6 && !area.endsWith('00')))) return area;
  if (area && area.length > 9) return area.slice(0, 9);
  return (await loadCenters()).find((c) => c.level === 'city')?.code;
}

/** A holder's display name (center or department), its code while unknown. */
export async function holderName(holder: { kind: string; code: string } | null | undefined): Promise<string> {
  if (!holder) return '—';
  const found = (await loadCenters()).find((c) => c.kind === holder.kind && c.code === holder.code);
  if (!found) return holder.code;
  const t = m().desk;
  return found.kind === 'department' ? found.name : `${found.name}${found.level === 'city' ? '' : t.centerSuffix}`;
}

/**
 * Renders the desk of `center` into `box`: its KPIs line and the queue (overdue first); a row opens the case.
 *
 * @example
 * await renderDesk(box, '210102', (id) => openPanel(id));
 */
export async function renderDesk(box: HTMLElement, center: string, onOpen: (id: number) => void): Promise<void> {
  const t = m().desk;
  const lang = currentLang() === 'en' ? 'en' : 'zh';
  const [queue, kpis, name] = await Promise.all([
    requestJson<Queue>(withQuery(`/api/centers/${center}/queue`, { limit: '60' })),
    requestJson<Kpis>(`/api/centers/${center}/kpis`),
    holderName({ kind: 'center', code: center }),
  ]);
  const stat = (label: string, value: string, cls = '') => el('span', { class: `desk-stat ${cls}` }, el('b', {}, value), label);
  box.replaceChildren(
    el('div', { class: 'desk-head' }, el('strong', { 'data-desk': center }, name)),
    el(
      'div',
      { class: 'desk-kpis' },
      stat(t.open, String(kpis.open)),
      stat(t.overdue, String(kpis.overdue), kpis.overdue ? 'bad' : ''),
      stat(t.closed, String(kpis.closed)),
      stat(t.onTime, pct(kpis.onTimeRate)),
      stat(t.received, String(kpis.received)),
      stat(t.handedUp, String(kpis.handedUp)),
      stat(t.returned, String(kpis.returnedHere)),
    ),
    queue.items.length === 0
      ? el('p', { class: 'desk-empty' }, t.empty)
      : el(
          'ol',
          { class: 'desk-queue' },
          ...queue.items.map((i) =>
            el(
              'li',
              { class: `desk-row${i.overdue ? ' overdue' : ''}`, 'data-incident': String(i.id), onclick: () => onOpen(i.id) },
              el('span', { class: 'code' }, i.code),
              el('span', { class: 'status' }, statusLabels[i.status][lang]),
              el('span', { class: 'from' }, i.sender ? `${t.from} ${i.sender.code}` : ''),
              el('span', { class: 'due' }, i.overdue ? t.overdueMark : ''),
            ),
          ),
        ),
  );
}

/**
 * Whether the city shown is the synthetic demo (its streets are generated), for the header badge: the
 * first street's info card says so, as the map page's cards do.
 *
 * @example
 * if (await showsSyntheticDemo()) badge.hidden = false;
 */
export async function showsSyntheticDemo(): Promise<boolean> {
  const street = (await loadCenters()).find((c) => c.level === 'street');
  return street
    ? areaCard(street.code)
        .then((card) => card.synthetic)
        .catch(() => false)
    : false;
}
