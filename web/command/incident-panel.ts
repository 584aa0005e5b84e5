/**
 * The incident panel: detail, history and the workflow buttons the caller may use (the server's
 * `allowedActions`); dispatch offers the grid's worker, on-duty workers and departments to pick from
 * (web/command/dispatch-picker.ts).
 */
import type { IncidentDetail, ActionRequest } from '../../core/contracts/incidents.ts';
import { actionLabels, statusLabels } from '../../core/workflow/machine.ts';
import { routingLabels } from '../../core/workflow/routing.ts';
import { currentLang } from '../kit/i18n.ts';
import { el } from '../kit/dom.ts';
import { commandApi } from './api.ts';
import { dispatchPicker } from './dispatch-picker.ts';
import { areaPath, categoryName, disputeTypeName, loadCategoryNames } from './names.ts';
import { m } from './i18n.ts';
import { holdingFacts, routingSection } from './routing-form.ts';
import type { RoutingRequest } from '../../core/contracts/centers.ts';

const lang = () => (currentLang() === 'en' ? 'en' : 'zh');
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(lang() === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) : '—');

function actionForm(detail: IncidentDetail, action: IncidentDetail['allowedActions'][number], run: (body: ActionRequest) => void) {
  const t = m().panel;
  const label = actionLabels[action][lang()];
  const fields: HTMLElement[] = [];
  const read: (() => Partial<ActionRequest>)[] = [];
  if (action === 'dispatch') {
    // pick the grid's worker, an on-duty worker or a department; a typed code stays possible
    const picker = dispatchPicker(detail);
    fields.push(...picker.fields);
    read.push(picker.read);
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
  const form = el(
    'form',
    {
      class: 'action-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        run(Object.assign({ action }, ...read.map((r) => r())) as ActionRequest);
      },
    },
    ...fields,
    button,
  );
  return form;
}

// 'report' (the first history row) is the intake, not a workflow action, so it has no entry in actionLabels
const intake = { zh: '上报', en: 'Reported' };
// moves between centers (routing.ts) and the overdue job's escalation are history rows too
const otherLabels: Record<string, { zh: string; en: string }> = { ...routingLabels, report: intake, escalate: { zh: '超期督办', en: 'Escalated (overdue)' } };
const historyLabel = (action: string) => ((actionLabels as Record<string, { zh: string; en: string }>)[action] ?? otherLabels[action])?.[lang()] ?? action;

/** The area fact: the grid code at once, replaced by the named district › street › community › grid path when known. */
function areaFact(gridCode: string | null) {
  const dd = el('dd', { 'data-fact': 'area', title: gridCode ?? '' }, gridCode ?? '—');
  if (gridCode) void areaPath(gridCode).then((path) => (dd.textContent = path));
  return dd;
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
      el(
        'dl',
        { class: 'facts' },
        el('dt', {}, t.status),
        el('dd', { 'data-status': detail.status, class: detail.overdue ? 'overdue' : '' }, status, detail.overdue ? ` · ${m().overdue}` : ''),
        el('dt', {}, t.category),
        el('dd', { 'data-fact': 'category' }, categoryName(detail.category) + (detail.disputeType ? ` / ${disputeTypeName(detail.disputeType)}` : '')),
        el('dt', {}, t.area),
        areaFact(detail.gridCode),
        el('dt', {}, t.due),
        el('dd', {}, when(detail.dueAt)),
        el('dt', {}, t.stageDue),
        el('dd', {}, when(detail.stageDueAt)),
        el('dt', {}, t.reporter),
        el('dd', {}, [detail.reporterName, detail.reporterPhone].filter(Boolean).join(' ') || '—'),
        detail.escalationLevel > 0 ? el('dt', {}, '⚠') : null,
        detail.escalationLevel > 0 ? el('dd', { class: 'overdue' }, t.escalation[detail.escalationLevel] ?? '') : null,
        ...holdingFacts(detail),
      ),
      detail.description ? el('p', { class: 'desc' }, detail.description) : '',
      error ? el('p', { class: 'error', role: 'alert' }, error) : '',
      el('div', { class: 'actions' }, ...detail.allowedActions.map((a) => actionForm(detail, a, (body) => void act(body)))),
      routingSection(detail, (body) => void move(body)),
      el('h3', {}, t.history),
      el(
        'ol',
        { class: 'history' },
        ...detail.history.map((h) =>
          el(
            'li',
            { 'data-action': h.action },
            el('time', {}, when(h.at)),
            ` ${historyLabel(h.action)} → ${statusLabels[h.toStatus as keyof typeof statusLabels]?.[lang()] ?? h.toStatus} · ${h.actor}`,
            h.note ? el('q', {}, h.note) : null,
          ),
        ),
      ),
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
  const move = async (body: RoutingRequest) => {
    try {
      const detail = await commandApi.route(id, body);
      render(detail);
      onChanged(detail);
    } catch (error) {
      render(await commandApi.incident(id), (error as Error).message);
    }
  };
  panel.hidden = false;
  const [detail] = await Promise.all([commandApi.incident(id), loadCategoryNames()]);
  render(detail);
  return detail;
}
