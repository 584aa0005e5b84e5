/**
 * The case panel's routing section: who holds the case (center or department, who sent it, 协办) and the
 * moves the caller may make now (the server's `allowedRouting`): 上报 and 退回 with a reason, 流转/转办
 * to a center of the same level or a department, 协办 with a lead department.
 */
import type { IncidentDetail } from '../../core/contracts/incidents.ts';
import type { RoutingRequest } from '../../core/contracts/centers.ts';
import { routingLabels, type RoutingAction } from '../../core/workflow/routing.ts';
import { currentLang } from '../kit/i18n.ts';
import { el } from '../kit/dom.ts';
import { holderName, loadCenters } from './centers.ts';
import { m } from './i18n.ts';

const lang = () => (currentLang() === 'en' ? 'en' : 'zh');

/** The holding facts (names filled in when the centers list is loaded). */
export function holdingFacts(detail: IncidentDetail): HTMLElement[] {
  const t = m().desk;
  const h = detail.holding;
  if (!h) return [];
  const named = (holder: { kind: string; code: string } | null, attr: string) => {
    const dd = el('dd', { 'data-fact': attr }, holder?.code ?? '—');
    if (holder) void holderName(holder).then((name) => (dd.textContent = name));
    return dd;
  };
  const facts = [el('dt', {}, t.holder), named(h.owner, 'owner')];
  if (h.sender) facts.push(el('dt', {}, t.sender), named(h.sender, 'sender'));
  if (h.assists.length) facts.push(el('dt', {}, t.assists), el('dd', { 'data-fact': 'assists' }, h.assists.join('、')));
  return facts;
}

/** Options for a transfer: centers of the holder's level (but itself) and every department. */
async function transferOptions(detail: IncidentDetail): Promise<HTMLOptionElement[]> {
  const owner = detail.holding?.owner;
  const all = await loadCenters();
  const level = all.find((c) => c.kind === owner?.kind && c.code === owner.code)?.level;
  return all
    .filter((c) => !(c.kind === owner?.kind && c.code === owner.code) && (c.kind === 'department' || (owner?.kind === 'center' ? c.level === level : true)))
    .map((c) => el('option', { value: `${c.kind}:${c.code}` }, `${c.kind === 'department' ? '🏢 ' : ''}${c.name}`));
}

function routingForm(detail: IncidentDetail, action: RoutingAction, run: (body: RoutingRequest) => void): HTMLElement {
  const t = m().desk;
  const fields: HTMLElement[] = [];
  const read: (() => Partial<RoutingRequest>)[] = [];
  if (action === 'transfer') {
    const select = el('select', { name: 'to', required: true });
    void transferOptions(detail).then((options) => select.replaceChildren(...options));
    fields.push(el('label', {}, t.to, select));
    read.push(() => {
      const [kind, ...code] = select.value.split(':');
      return { to: { kind: kind as 'center' | 'department', code: code.join(':') } };
    });
  }
  if (action === 'co_handle') {
    const select = el('select', { name: 'departments', multiple: true, size: '3' });
    const lead = el('select', { name: 'lead' });
    void loadCenters().then((all) => {
      const departments = all.filter((c) => c.kind === 'department');
      select.replaceChildren(...departments.map((d) => el('option', { value: d.code }, d.name)));
      lead.replaceChildren(...departments.map((d) => el('option', { value: d.code }, d.name)));
    });
    fields.push(el('label', {}, t.departments, select), el('label', {}, t.lead, lead));
    read.push(() => ({ departments: [...new Set([lead.value, ...[...select.selectedOptions].map((o) => o.value)])], lead: lead.value }));
  }
  const reason = el('input', { type: 'text', name: 'reason', placeholder: t.reason, required: action === 'hand_up' || action === 'return' });
  fields.push(reason);
  read.push(() => (reason.value.trim() ? { reason: reason.value.trim() } : {}));
  return el(
    'form',
    {
      class: `routing-form ${action}`,
      onsubmit: (event: Event) => {
        event.preventDefault();
        run(Object.assign({ action }, ...read.map((r) => r())) as RoutingRequest);
      },
    },
    ...fields,
    el('button', { type: 'submit', class: `act route ${action}`, 'data-routing': action }, routingLabels[action][lang()]),
  );
}

/**
 * The routing forms the caller may use now, under a heading; empty when none.
 *
 * @example
 * panel.append(routingSection(detail, (body) => void move(body)));
 */
export function routingSection(detail: IncidentDetail, run: (body: RoutingRequest) => void): HTMLElement | '' {
  const allowed = detail.allowedRouting ?? [];
  if (!allowed.length) return '';
  return el('div', { class: 'routing' }, el('h3', {}, m().desk.routing), ...allowed.map((a) => routingForm(detail, a, run)));
}
