/**
 * The inbox's data: the last `/api/field/tasks` answer (kept in localStorage so the list shows offline),
 * the ids that arrived since the worker last looked (the badge), and the case pages fetched.
 */
import type { FieldTask, FieldTasks } from '../../core/contracts/field.ts';
import type { IncidentDetail } from '../../core/contracts/incidents.ts';
import { api } from './api.ts';

const TASKS_KEY = 'pingan.field.tasks';
const SEEN_KEY = 'pingan.field.tasks.seen';

export interface TasksState {
  items: FieldTask[];
  /** server time minus phone time when fetched: the countdown runs on the server's clock */
  skewMs: number;
  /** false: shown from the phone's copy (offline or the request failed) */
  fresh: boolean;
  /** ids not yet opened or acknowledged since they arrived */
  unseen: Set<number>;
}

const seen = (): Set<number> => new Set(JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]') as number[]);
const remember = (ids: Iterable<number>) => localStorage.setItem(SEEN_KEY, JSON.stringify([...ids].slice(-500)));

/**
 * Fetches the inbox, or falls back to the phone's copy. The very first fetch marks everything seen (a
 * badge is for what arrives while the page is open or since the last visit, not for the backlog).
 *
 * @example
 * const state = await loadTasks();
 */
export async function loadTasks(): Promise<TasksState> {
  const firstVisit = localStorage.getItem(SEEN_KEY) === null;
  let body: FieldTasks | null = null;
  let fresh = false;
  try {
    body = await api.tasks();
    fresh = true;
    localStorage.setItem(TASKS_KEY, JSON.stringify(body));
  } catch {
    const kept = localStorage.getItem(TASKS_KEY);
    body = kept ? (JSON.parse(kept) as FieldTasks) : null;
  }
  const items = body?.items ?? [];
  if (firstVisit && fresh) remember(items.map((t) => t.id));
  const known = seen();
  return {
    items,
    skewMs: body ? Date.parse(body.serverTime) - Date.now() : 0,
    fresh,
    unseen: new Set(items.filter((t) => !known.has(t.id)).map((t) => t.id)),
  };
}

/** Marks cases as seen (opened, or the badge tapped). */
export function markSeen(ids: Iterable<number>) {
  remember(new Set([...seen(), ...ids]));
}

/** The case page's data: fresh from the server, else the last copy kept on the phone. */
export async function loadCase(id: number): Promise<IncidentDetail | null> {
  const key = `pingan.field.case.${id}`;
  try {
    const detail = await api.incident(id);
    localStorage.setItem(key, JSON.stringify(detail));
    return detail;
  } catch {
    const kept = localStorage.getItem(key);
    return kept ? (JSON.parse(kept) as IncidentDetail) : null;
  }
}

/** What a worker may do on a case as the phone last knew it (the server decides when the action arrives). */
export function fieldActions(task: Pick<FieldTask, 'status' | 'extended' | 'extensionRequestedDays'>): string[] {
  const extension = !task.extended && task.extensionRequestedDays === null ? ['request_extension'] : [];
  if (task.status === 'dispatched') return ['accept', ...extension];
  if (task.status === 'handling') return ['report_back', ...extension];
  return [];
}

/** Forgets the inbox copies on the phone (sign-out: the next person on this phone must not see them). */
export function forgetTasks() {
  for (const key of Object.keys(localStorage)) if (key.startsWith('pingan.field.case.') || key.startsWith(TASKS_KEY)) localStorage.removeItem(key);
}
