/**
 * The incident panel: detail, history and the workflow buttons the caller may use (the server's
 * `allowedActions`); dispatch asks for a target (pre-filled with the grid's worker).
 */
import type { IncidentDetail, ActionRequest } from '../../core/contracts/incidents.ts';
import { actionLabels, statusLabels } from '../../core/workflow/machine.ts';
import { areaCard } from '../kit/areas.ts';
import { currentLang } from '../kit/i18n.ts';
import { el } from '../kit/dom.ts';
import { commandApi } from './api.ts';
import { m } from './i18n.ts';

const lang = () => (currentLang() === 'en' ? 'en' : 'zh');
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) : '—');

function actionForm(detail: IncidentDetail, action: IncidentDetail['allowedActions'][number], run: (body: ActionRequest) => void) {
  const t = m().panel;
  const label = actionLabels[action][lang()];
  const fields: HTMLElement[] = [];
  const read: (() => Partial<ActionRequest>)[] = [];
  if (action === 'dispatch') {
    const kind = el('select', { name: 'kind' }, ...Object.entries(m().assigneeKinds).map(([k, v]) => el('option', { value: k }, v)));
    const code = el('input', { name: 'code', placeholder: t.code, required: true });
    if (detail.gridCode) void areaCard(detail.gridCode).then((card) => card.worker && !code.value && (code.value = card.worker.code)).catch(() => {});
    fields.push(el('label', {}, t.assignee, kind), el('label', {}, t.code, code));
    read.push(() => ({ assignee: { kind: kind.value as never, code: code.value.trim() } }));
  }
  if (action === 'report_back' && detail.categoryGroup === 'dispute') {
    const box = el('input', { type: 'checkbox', name: 'resolved', checked: true });
    fields.push(el('label', {}, box, t.resolved));
    read.push(() => ({ resolved: box.checked }));
  }
  if (action === 'request_extension') {
    const days = el('input', { type: 'number', name: 'days', min: '1', max: '30', value: '3' });
    fields.push(el('label', {}, t.days, days));
    read.push(() => ({ days: Number(days.value) }));
  }
  if (action === 'evaluate') {
    const score = el('select', { name: 'satisfaction' }, ...[5, 4, 3, 2, 1].map((n) => el('option', { value: String(n) }, '★'.repeat(n))));
    fields.push(el('label', {}, t.satisfaction, score));
    read.push(() => ({ satisfaction: Number(score.value) }));
  }
  const button = el('button', { type: 'submit', class: `act ${action}`, 'data-action': action }, label);
  const form = el('form', { class: 'action-form', onsubmit: (event: Event) => {
    event.preventDefault();
    run(Object.assign({ action }, ...read.map((r) => r())) as ActionRequest);
  } }, ...fields, button);
  return form;
}

/**
 * Shows an incident in the panel; `onChanged` runs after a successful action.
 *
 * @example
 * await showIncident(panel, 42, () => refresh());
 */
export async function showIncident(panel: HTMLElement, id: number, onChanged: (detail: IncidentDetail) => void) {
  const t = m().panel;
  const render = (detail: IncidentDetail, error?: string) => {
    const status = statusLabels[detail.status][lang()];
    panel.replaceChildren(
      el('header', {}, el('h2', {}, detail.code), el('button', { type: 'button', class: 'close', onclick: () => (panel.hidden = true) }, '×')),
      el('dl', { class: 'facts' },
        el('dt', {}, t.status), el('dd', { 'data-status': detail.status, class: detail.overdue ? 'overdue' : '' }, status, detail.overdue ? ` · ${m().overdue}` : ''),
        el('dt', {}, t.category), el('dd', {}, detail.category + (detail.disputeType ? ` / ${detail.disputeType}` : '')),
        el('dt', {}, t.area), el('dd', {}, detail.gridCode ?? '—'),
        el('dt', {}, t.due), el('dd', {}, when(detail.dueAt)),
        el('dt', {}, t.stageDue), el('dd', {}, when(detail.stageDueAt)),
        el('dt', {}, t.reporter), el('dd', {}, [detail.reporterName, detail.reporterPhone].filter(Boolean).join(' ') || '—'),
        detail.escalationLevel > 0 ? el('dt', {}, '⚠') : null,
        detail.escalationLevel > 0 ? el('dd', { class: 'overdue' }, t.escalation[detail.escalationLevel] ?? '') : null),
      detail.description ? el('p', { class: 'desc' }, detail.description) : '',
      error ? el('p', { class: 'error', role: 'alert' }, error) : '',
      el('div', { class: 'actions' }, ...detail.allowedActions.map((a) => actionForm(detail, a, (body) => void act(body)))),
      el('h3', {}, t.history),
      el('ol', { class: 'history' }, ...detail.history.map((h) =>
        el('li', {}, el('time', {}, when(h.at)), ` ${(actionLabels as Record<string, { zh: string; en: string }>)[h.action]?.[lang()] ?? h.action} → ${statusLabels[h.toStatus as keyof typeof statusLabels]?.[lang()] ?? h.toStatus} · ${h.actor}`))),
    );
  };
  const act = async (body: ActionRequest) => {
    try {
      const detail = await commandApi.act(id, body);
      render(detail);
      onChanged(detail);
    } catch (error) {
      render(await commandApi.incident(id), (error as Error).message);
    }
  };
  panel.hidden = false;
  render(await commandApi.incident(id));
}
