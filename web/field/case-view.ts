/**
 * A case page of the inbox: what, where (navigation links), the deadline, photos, the history, and the
 * actions this worker may take. Actions are queued (action-queue.ts) and sent when online; a queued or
 * refused action is shown on the page with the server's reason.
 */
import { el } from '../kit/dom.ts';
import { navigationLinks } from '../../core/contracts/field-coords.ts';
import type { FieldTask } from '../../core/contracts/field.ts';
import type { IncidentDetail } from '../../core/contracts/incidents.ts';
import type { QueuedAction } from './queue-db.ts';
import { enqueueAction } from './action-queue.ts';
import { m, reason, span } from './i18n.ts';
import { shrinkPhoto } from './photo.ts';
import { fieldActions } from './tasks-store.ts';

export interface CaseViewDeps {
  categoryName: (code: string) => string;
  skewMs: number;
  /** after an action was queued (the page syncs and redraws) */
  onQueued: () => void;
  onBack: () => void;
  /** shows the case on the page's map */
  onShowOnMap?: (position: { lon: number; lat: number }) => void;
  /** false: the fresh inbox no longer holds the case (reassigned, or moved on elsewhere) */
  inInbox: boolean;
}

/** "剩余 3 小时 12 分" / "已超期 1 天 2 小时" for a deadline, on the server's clock. */
export function countdown(deadline: string | null, skewMs: number): { text: string; overdue: boolean } {
  const t = m().tasks;
  if (!deadline) return { text: t.noDeadline, overdue: false };
  const left = Date.parse(deadline) - (Date.now() + skewMs);
  return left >= 0 ? { text: `${t.dueIn} ${span(left)}`, overdue: false } : { text: `${t.overdue} ${span(left)}`, overdue: true };
}

/** The line of a queued action on a case: 待发送 / 发送中 / 已提交 / 未执行 + reason. */
export function actionLine(action: QueuedAction): HTMLElement {
  const t = m().tasks;
  const state = { queued: t.pending, auth: t.pending, sending: t.sending, sent: t.sentOk, failed: t.failedAction }[action.state];
  return el(
    'li',
    { class: `queued-action state-${action.state}`, 'data-key': action.key, 'data-state': action.state },
    el('strong', {}, `${t.actions[action.body.action] ?? action.body.action} · ${state}`),
    action.state === 'failed' || action.error
      ? el('div', { class: action.state === 'failed' ? 'error' : 'muted' }, reason(action.errorCode, action.error))
      : null,
  );
}

function actionForm(task: FieldTask, action: string, deps: CaseViewDeps): HTMLElement {
  const t = m().tasks;
  const note = el('textarea', { name: 'note', rows: '2', maxlength: '2000', id: `act-note-${action}` });
  const days = el('input', { type: 'number', min: '1', max: '30', value: '2', name: 'days', id: 'act-days' });
  const resolved = el('input', { type: 'checkbox', name: 'resolved', id: 'act-resolved', checked: true });
  const photos = el('input', { type: 'file', accept: 'image/*', multiple: true, id: 'act-photos' });
  const message = el('p', { class: 'report-message', role: 'status' });
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const shrunk = await Promise.all([...(photos.files ?? [])].slice(0, 6).map((file) => shrinkPhoto(file)));
      const body =
        action === 'report_back'
          ? {
              action: 'report_back' as const,
              note: note.value.trim() || undefined,
              ...(task.categoryGroup === 'dispute' ? { resolved: resolved.checked } : {}),
            }
          : action === 'request_extension'
            ? { action: 'request_extension' as const, days: Number(days.value), note: note.value.trim() || undefined }
            : { action: 'accept' as const };
      await enqueueAction({ id: task.id, code: task.code }, body, shrunk);
      message.textContent = t.queued;
      deps.onQueued();
    } catch (error) {
      message.textContent = (error as Error).message;
    }
  };
  if (action === 'accept') {
    return el(
      'form',
      { class: 'task-action', 'data-action': action, onsubmit: submit },
      el('button', { type: 'submit', class: 'primary', id: 'act-accept' }, t.actions.accept),
      message,
    );
  }
  return el(
    'form',
    { class: 'task-action', 'data-action': action, onsubmit: submit },
    el('h3', {}, t.actions[action]),
    action === 'request_extension' ? el('label', {}, t.days, days) : null,
    action === 'report_back' && task.categoryGroup === 'dispute' ? el('label', { class: 'check' }, resolved, t.resolved) : null,
    el('label', {}, t.note, note),
    action === 'report_back' ? el('label', {}, t.addPhotos, photos) : null,
    el('button', { type: 'submit', id: `act-${action}` }, t.send),
    message,
  );
}

/**
 * Draws one case. `detail` is the server's case page (null offline when never opened: the inbox row is
 * shown instead, without history); `queued` the phone's actions on this case.
 *
 * @example
 * host.replaceChildren(casePage(task, detail, queued, deps));
 */
export function casePage(task: FieldTask, detail: IncidentDetail | null, queued: QueuedAction[], deps: CaseViewDeps): HTMLElement {
  const t = m().tasks;
  const current = detail ? { ...task, ...detail } : task;
  const due = countdown(current.stageDueAt ?? current.dueAt, deps.skewMs);
  const links = navigationLinks(current.location, `${current.code} ${deps.categoryName(current.category)}`);
  const waiting = queued.some((a) => a.state !== 'failed' && a.state !== 'sent');
  const allowed = waiting || !deps.inInbox ? [] : fieldActions(current).filter((a) => !detail || detail.allowedActions.includes(a as never));
  const attachments = detail?.attachments ?? [];
  return el(
    'section',
    { class: 'field-card task-page', id: 'task-page', 'data-id': String(task.id), 'data-status': current.status },
    el('button', { type: 'button', class: 'link', id: 'task-back', onclick: deps.onBack }, t.back),
    el('h2', {}, deps.categoryName(current.category), el('small', { class: 'incident-code' }, ` ${current.code}`)),
    el(
      'p',
      {},
      el('span', { class: 'badge' }, t.status[current.status] ?? current.status),
      current.reworkCount ? el('span', { class: 'badge warn' }, t.rework) : null,
      current.extensionRequestedDays !== null ? el('span', { class: 'badge muted' }, t.extensionPending) : null,
      el('span', { class: due.overdue ? 'due overdue' : 'due', 'data-deadline': current.stageDueAt ?? current.dueAt ?? '' }, ` ${due.text}`),
    ),
    current.description ? el('p', { class: 'task-description' }, current.description) : null,
    el('p', { class: 'muted' }, `${t.where}: ${current.location.lat.toFixed(5)}, ${current.location.lon.toFixed(5)}`),
    el(
      'div',
      { class: 'site-links task-links' },
      deps.onShowOnMap ? el('button', { type: 'button', id: 'task-on-map', onclick: () => deps.onShowOnMap!(current.location) }, t.onMap) : null,
      el('a', { href: links.geo, class: 'nav-geo' }, t.navigate),
      el('a', { href: links.amap, class: 'nav-amap', target: '_blank', rel: 'noopener' }, t.amap),
    ),
    deps.inInbox ? null : el('p', { class: 'warn', id: 'task-gone' }, t.gone),
    queued.length ? el('ul', { class: 'queued-actions', id: 'task-queued' }, ...queued.map(actionLine)) : null,
    el('div', { class: 'task-actions', id: 'task-actions' }, ...allowed.map((action) => actionForm(current, action, deps))),
    el('h3', {}, t.photos),
    attachments.length
      ? el(
          'div',
          { class: 'thumbs', id: 'task-photos' },
          ...attachments.map((a) =>
            el('a', { href: a.url, target: '_blank', rel: 'noopener' }, el('img', { class: 'thumb', src: a.thumbnailUrl, alt: a.stage, loading: 'lazy' })),
          ),
        )
      : el('p', { class: 'muted' }, t.noPhotos),
    el('h3', {}, t.history),
    detail
      ? el(
          'ol',
          { class: 'history', id: 'task-history' },
          ...detail.history.map((e) =>
            el(
              'li',
              { 'data-action': e.action },
              el('time', {}, new Date(e.at).toLocaleString('zh-CN', { hour12: false })),
              ` ${t.events[e.action] ?? e.action}`,
              el('small', { class: 'muted' }, ` ${e.actor}`),
              e.note ? el('div', {}, e.note) : null,
            ),
          ),
        )
      : el('p', { class: 'muted' }, t.offline),
  );
}
