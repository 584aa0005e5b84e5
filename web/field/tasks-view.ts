/**
 * 我的待办: the worker's inbox on /field/. The list (overdue first, deadline counting down), a badge for
 * cases that arrived since the worker last looked (new dispatches come through the live stream), and
 * the case page (case-view.ts). Works offline from the phone's last copy.
 */
import { el } from '../kit/dom.ts';
import type { FieldTask } from '../../core/contracts/field.ts';
import type { IncidentDetail } from '../../core/contracts/incidents.ts';
import { listActions } from './action-queue.ts';
import { casePage, countdown, actionLine } from './case-view.ts';
import { m } from './i18n.ts';
import { loadCase, loadTasks, markSeen, type TasksState } from './tasks-store.ts';

export interface InboxDeps {
  categoryName: (code: string) => string;
  /** sends the outbox now (queue.ts) */
  sync: () => Promise<unknown>;
  onShowOnMap?: (position: { lon: number; lat: number }) => void;
}

/**
 * The inbox controller drawing into `host`. `refresh()` refetches (after a sync, a live dispatch, going
 * online); `redraw()` repaints (language switch, countdown tick).
 *
 * @example
 * const inbox = createInbox($('tasks'), { categoryName, sync: syncReports });
 * await inbox.refresh();
 */
export function createInbox(host: HTMLElement, deps: InboxDeps) {
  let state: TasksState = { items: [], skewMs: 0, fresh: false, unseen: new Set() };
  let open: { task: FieldTask; detail: IncidentDetail | null } | null = null;
  let loaded = false;

  const openCase = async (task: FieldTask) => {
    markSeen([task.id]);
    state.unseen.delete(task.id);
    open = { task, detail: null };
    await redraw();
    const detail = await loadCase(task.id);
    if (open?.task.id === task.id) open = { task, detail };
    await redraw();
    host.scrollIntoView({ block: 'start' });
  };

  const item = (task: FieldTask, queued: Awaited<ReturnType<typeof listActions>>) => {
    const t = m().tasks;
    const due = countdown(task.stageDueAt ?? task.dueAt, state.skewMs);
    return el(
      'li',
      { class: `task${due.overdue ? ' overdue' : ''}`, 'data-id': String(task.id), 'data-status': task.status },
      el(
        'button',
        { type: 'button', class: 'task-open', onclick: () => void openCase(task) },
        el(
          'div',
          {},
          state.unseen.has(task.id) ? el('span', { class: 'badge new' }, t.fresh) : null,
          el('strong', {}, deps.categoryName(task.category)),
          el('small', { class: 'incident-code' }, ` ${task.code}`),
        ),
        el(
          'div',
          {},
          el('span', { class: 'badge' }, t.status[task.status] ?? task.status),
          task.reworkCount ? el('span', { class: 'badge warn' }, t.rework) : null,
          task.assignedTo === 'grid' ? el('span', { class: 'badge muted' }, t.grid) : null,
          el('span', { class: due.overdue ? 'due overdue' : 'due' }, ` ${due.text}`),
        ),
        task.description ? el('div', { class: 'muted task-description' }, task.description) : null,
      ),
      queued.length ? el('ul', { class: 'queued-actions' }, ...queued.map(actionLine)) : null,
    );
  };

  async function redraw() {
    const t = m().tasks;
    // a note being typed is not wiped by a sync's or the countdown's redraw
    const typing = document.activeElement;
    if (open && typing && host.contains(typing) && ['TEXTAREA', 'INPUT'].includes(typing.tagName)) return;
    const actions = await listActions();
    const on = (id: number) => actions.filter((a) => a.incidentId === id && (a.state !== 'sent' || Date.now() - Date.parse(a.createdAt) < 600_000));
    if (open) {
      const { task, detail } = open;
      host.replaceChildren(
        casePage(task, detail, on(task.id), {
          categoryName: deps.categoryName,
          skewMs: state.skewMs,
          onQueued: () => void deps.sync().finally(() => void refresh()),
          onBack: () => {
            open = null;
            void redraw();
          },
          onShowOnMap: deps.onShowOnMap,
          inInbox: !state.fresh || state.items.some((item) => item.id === task.id),
        }),
      );
      return;
    }
    // a case that left the inbox (reported back, reassigned) still shows while an action on it is on the phone
    const failedElsewhere = actions.filter(
      (a) => a.state === 'failed' && !state.items.some((task) => task.id === a.incidentId) && Date.now() - Date.parse(a.createdAt) < 86_400_000,
    );
    const parts: (HTMLElement | null)[] = [
      el(
        'h2',
        {},
        t.title,
        el('span', { class: 'badge count', id: 'tasks-count' }, String(state.items.length)),
        state.unseen.size
          ? el(
              'button',
              {
                type: 'button',
                class: 'badge new',
                id: 'tasks-badge',
                onclick: () => {
                  markSeen(state.unseen);
                  state.unseen.clear();
                  void redraw();
                },
              },
              `${t.fresh} ${state.unseen.size}`,
            )
          : null,
        el('button', { type: 'button', class: 'link', id: 'tasks-refresh', onclick: () => void refresh() }, t.refresh),
      ),
      !loaded ? el('p', { class: 'muted' }, t.loading) : !state.fresh ? el('p', { class: 'muted', id: 'tasks-offline' }, t.offline) : null,
      state.items.length
        ? el('ol', { id: 'tasks-list' }, ...state.items.map((task) => item(task, on(task.id))))
        : loaded
          ? el('p', { class: 'muted' }, t.empty)
          : null,
      failedElsewhere.length
        ? el('ul', { class: 'queued-actions', id: 'tasks-failed' }, ...failedElsewhere.map((a) => el('li', {}, `${a.incidentCode} `, actionLine(a))))
        : null,
    ];
    host.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  }

  async function refresh() {
    const next = await loadTasks();
    // keep the phone's copy rather than blanking the list when a refetch fails
    if (next.fresh || !loaded) state = next;
    loaded = true;
    if (open) {
      const current = state.items.find((task) => task.id === open!.task.id) ?? open.task;
      open = { task: current, detail: await loadCase(current.id) };
    }
    await redraw();
  }

  // the countdown moves while the page is open
  setInterval(() => {
    if (!document.hidden && !open) void redraw();
  }, 30_000);
  return {
    refresh,
    redraw,
    get state() {
      return state;
    },
  };
}
