/**
 * The dispatch picker of the incident panel: the case's own grid worker first, then the on-duty workers
 * (distance, open cases, last seen; the server ranks them by distance + 500 m per open case), then the
 * functional departments (those handling the case's category first). One click picks; the manual code
 * field stays as a fallback (a mediation site, or a worker the list does not show).
 */
import type { ActionRequest, IncidentDetail } from '../../core/contracts/incidents.ts';
import type { Candidate, Department, DispatchCandidates } from '../../core/contracts/dispatch.ts';
import { requestJson } from '../kit/http.ts';
import { el } from '../kit/dom.ts';
import { m } from './i18n.ts';

type Assignee = NonNullable<ActionRequest['assignee']>;

/**
 * The candidates of a case, from `GET /api/incidents/:id/dispatch-candidates`.
 *
 * @example
 * const { gridWorker, workers, departments } = await dispatchCandidates(42);
 */
export const dispatchCandidates = (id: number) => requestJson<DispatchCandidates>(`/api/incidents/${id}/dispatch-candidates`);

/**
 * Distance for a list row: metres under 1 km, else km with one decimal.
 *
 * @example
 * distance(1234) // '1.2 km'
 */
export const distance = (metres: number | null) => (metres === null ? null : metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`);

const minutesAgo = (iso: string | null) => (iso === null ? null : Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000)));

/** One pickable row: a radio with a label; its value is `kind:code`. */
function option(assignee: Assignee, title: string, facts: (string | null)[], extra: Record<string, string> = {}) {
  const radio = el('input', { type: 'radio', name: 'pick', value: `${assignee.kind}:${assignee.code}`, ...extra });
  return el(
    'label',
    {
      class: 'pick',
      style: 'display:flex;flex-direction:row;gap:6px;align-items:center;padding:3px 4px;border-radius:4px;cursor:pointer;font-size:13px;color:inherit',
    },
    radio,
    el('span', { style: 'min-width:64px;font-weight:600' }, title),
    el('span', { style: 'color:#9fb3d1;font-size:12px' }, facts.filter(Boolean).join(' · ')),
  );
}

function workerRow(worker: Candidate, own: boolean) {
  const t = m().dispatch;
  const seen = minutesAgo(worker.lastSeenAt);
  const facts = [
    own ? t.ownGrid : null,
    worker.distanceM === null ? t.notOnDuty : distance(worker.distanceM),
    t.load(worker.openLoad),
    seen === null ? null : t.seen(seen),
  ];
  return option({ kind: 'grid_worker', code: worker.code }, worker.name ?? worker.code, facts, { 'data-worker': worker.code });
}

function departmentRow(department: Department) {
  const t = m().dispatch;
  return option({ kind: 'department', code: department.code }, department.name, [department.handlesCategory ? t.handles : null], {
    'data-department': department.code,
  });
}

const section = (title: string, rows: HTMLElement[], empty?: string) =>
  el(
    'fieldset',
    { style: 'border:0;margin:0 0 6px;padding:0' },
    el('legend', { style: 'font-size:12px;color:#9fb3d1;padding:0;margin-bottom:2px' }, title),
    ...(rows.length ? rows : empty ? [el('p', { style: 'margin:0;font-size:12px;color:#9fb3d1' }, empty)] : []),
  );

/**
 * The dispatch fields of an action form: the candidate list (loaded now) and the manual kind + code
 * fields; `read` gives the picked assignee (the manual fields when "manual" is picked or typed into).
 *
 * @example
 * const picker = dispatchPicker(detail); fields.push(...picker.fields); read.push(picker.read);
 */
export function dispatchPicker(detail: IncidentDetail): { fields: HTMLElement[]; read: () => Partial<ActionRequest> } {
  const t = m().panel;
  const d = m().dispatch;
  const list = el(
    'div',
    { class: 'dispatch-picker', style: 'flex-basis:100%;max-height:320px;overflow:auto' },
    el('p', { style: 'margin:0;font-size:12px' }, d.loading),
  );
  const kind = el('select', { name: 'kind' }, ...Object.entries(m().assigneeKinds).map(([k, v]) => el('option', { value: k }, v)));
  const code = el('input', { name: 'code', placeholder: t.code });
  const manualRadio = el('input', { type: 'radio', name: 'pick', value: 'manual' });
  const manual = el('label', { style: 'display:flex;flex-direction:row;gap:6px;align-items:center;font-size:12px' }, manualRadio, d.manual);
  // typing a code or choosing a kind means the manual fields are meant
  const toManual = () => (manualRadio.checked = true);
  code.addEventListener('input', toManual);
  kind.addEventListener('change', toManual);

  void dispatchCandidates(detail.id).then(
    (answer) => {
      const own = answer.gridWorker;
      const others = answer.workers.filter((w) => w.code !== own?.code);
      // the grid worker on duty carries their live distance from the workers list
      const ownLive = own && (answer.workers.find((w) => w.code === own.code) ?? own);
      list.replaceChildren(
        section(d.gridWorker, ownLive ? [workerRow(ownLive, true)] : [], d.noGridWorker),
        section(
          `${d.onDuty} (${others.length})`,
          others.map((w) => workerRow(w, false)),
          d.noneOnDuty,
        ),
        section(d.departments, answer.departments.map(departmentRow), d.noDepartments),
      );
      const first = list.querySelector<HTMLInputElement>('input[name=pick]');
      if (first && !manualRadio.checked) first.checked = true;
    },
    () => {
      list.replaceChildren(el('p', { class: 'error', role: 'alert', style: 'margin:0;font-size:12px' }, d.failed));
      manualRadio.checked = true;
    },
  );

  const read = (): Partial<ActionRequest> => {
    const picked = list.querySelector<HTMLInputElement>('input[name=pick]:checked');
    if (!picked || manualRadio.checked) return { assignee: { kind: kind.value as Assignee['kind'], code: code.value.trim() } };
    const [pickedKind, ...rest] = picked.value.split(':');
    return { assignee: { kind: pickedKind as Assignee['kind'], code: rest.join(':') } };
  };
  return { fields: [list, manual, el('label', {}, t.assignee, kind), el('label', {}, t.code, code)], read };
}
