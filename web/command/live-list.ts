/**
 * The live event list: an EventSource on /api/live (the browser resends Last-Event-ID on reconnect, so
 * nothing is lost), newest on top, at most 60 rows.
 */
import { el } from '../kit/dom.ts';
import { currentLang } from '../kit/i18n.ts';
import { m } from './i18n.ts';
import { statusLabels, type Status } from '../../core/workflow/machine.ts';

export interface LivePayload {
  id: number;
  code: string;
  category: string;
  status: string;
  action: string;
  kind: 'created' | 'updated' | 'overdue';
  lon: number;
  lat: number;
  overdue: boolean;
  eventId: number;
  at: string;
  gridCode: string | null;
}

const kinds = ['created', 'updated', 'overdue'] as const;

/**
 * Opens the stream for an area; `onEvent` sees every event, `onState` the connection state.
 *
 * @example
 * const stop = openLive('210103', (e) => console.log(e.code), (up) => …);
 */
export function openLive(area: string | undefined, onEvent: (e: LivePayload) => void, onState: (connected: boolean) => void) {
  const source = new EventSource(`/api/live?backlog=30${area ? `&area=${area}` : ''}`);
  source.addEventListener('ready', () => onState(true));
  source.onerror = () => onState(false);
  for (const kind of kinds) {
    source.addEventListener(kind, (event) => onEvent(JSON.parse((event as MessageEvent<string>).data) as LivePayload));
  }
  return () => source.close();
}

/** Prepends one event row to the list (click → `onOpen(incident id)`). */
export function addLiveRow(list: HTMLElement, e: LivePayload, categoryName: (code: string) => string, onOpen: (id: number) => void) {
  const t = m();
  const time = new Date(e.at).toLocaleTimeString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
  const row = el(
    'li',
    { class: `live-row ${e.kind}`, 'data-incident': String(e.id), onclick: () => onOpen(e.id) },
    el('span', { class: 'time' }, time),
    el('span', { class: `badge ${e.kind}` }, t.kinds[e.kind] ?? e.kind),
    el('span', { class: 'what' }, `${categoryName(e.category)} · ${e.code}`),
    el('span', { class: 'status' }, statusLabels[e.status as Status]?.[currentLang() === 'en' ? 'en' : 'zh'] ?? e.status),
  );
  list.prepend(row);
  while (list.children.length > 60) list.lastElementChild!.remove();
}
