/** The parameter form of the current tab. Changes update `plan`; the buttons run the computations. */
import { el } from '../kit/dom.ts';
import { currentLang } from '../kit/i18n.ts';
import { m } from './i18n.ts';
import { area, canSite, defaultRadius, plan, type Level } from './state.ts';
import { walk } from './walk.ts';

export interface ParamActions {
  coverage(): void;
  siting(): void;
  hotspots(): void;
  district(code: string): void;
}

const field = (label: string, control: HTMLElement) => el('label', { class: 'field' }, el('span', {}, label), control);

function select(options: [string, string][], value: string, onchange: (v: string) => void, name: string) {
  const node = el('select', { name, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) });
  for (const [v, text] of options) node.append(el('option', { value: v, ...(v === value ? { selected: true } : {}) }, text));
  return node;
}

function kindsBox(onchange: () => void) {
  const box = el('fieldset', { class: 'kinds' }, el('legend', {}, m().kinds));
  for (const kind of plan.registry) {
    const input = el('input', {
      type: 'checkbox',
      name: 'kind',
      value: kind.kind,
      ...(plan.kinds.includes(kind.kind) ? { checked: true } : {}),
      onchange: (e: Event) => {
        const on = (e.target as HTMLInputElement).checked;
        plan.kinds = on ? [...plan.kinds, kind.kind] : plan.kinds.filter((k) => k !== kind.kind);
        if (!plan.radiusTouched) plan.radius = defaultRadius();
        onchange();
      },
    });
    box.append(
      el(
        'label',
        { class: 'check' },
        input,
        `${currentLang() === 'en' ? kind.nameEn : kind.nameZh} (${kind.sites.toLocaleString()}) · ${kind.defaultRadiusM} m`,
      ),
    );
  }
  return box;
}

function areaFields(actions: ParamActions) {
  const t = m();
  const districts = select(
    [['', t.city], ...plan.districts.map((d) => [d.code, d.name] as [string, string])],
    plan.district,
    (v) => actions.district(v),
    'district',
  );
  const streets = select(
    [['', t.allStreets], ...plan.streets.map((s) => [s.code, s.name] as [string, string])],
    plan.street,
    (v) => (plan.street = v),
    'street',
  );
  return [field(t.area, districts), plan.district ? field('', streets) : null];
}

/**
 * @example
 * side.append(renderParams(actions, rerender));
 */
export function renderParams(actions: ParamActions, rerender: () => void): HTMLElement {
  const t = m();
  const form = el('form', { class: 'params', onsubmit: (e: Event) => e.preventDefault() });
  const radius = el('input', {
    type: 'number',
    name: 'radius',
    min: '50',
    max: '20000',
    step: '50',
    value: String(plan.radius),
    oninput: (e: Event) => ((plan.radius = Number((e.target as HTMLInputElement).value)), (plan.radiusTouched = true)),
  });
  const go = (label: string, run: () => void) =>
    el('button', { type: 'submit', class: 'primary', ...(plan.busy ? { disabled: true } : {}), onclick: run }, plan.busy ? t.loading : label);
  // walking coverage is asked in minutes (the walk panel): a radius box or the straight-line note would mislead
  const walking = plan.tab === 'coverage' && walk.mode === 'walk';
  if (plan.tab !== 'hotspots') form.append(kindsBox(rerender));
  if (plan.tab !== 'hotspots' && !walking) form.append(field(t.radius, radius));
  form.append(...(areaFields(actions).filter(Boolean) as HTMLElement[]));
  if (plan.tab === 'coverage') {
    const levels = (['district', 'street', 'community', 'grid'] as Level[]).map((l) => [l, t.levels[l]] as [string, string]);
    form.append(
      field(
        t.level,
        select(levels, plan.level, (v) => (plan.level = v as Level), 'level'),
      ),
      go(t.run, actions.coverage),
    );
  } else if (plan.tab === 'siting') {
    if (!canSite()) return el('div', { class: 'params' }, el('p', { class: 'notice' }, t.plannerOnly));
    const k = el('input', {
      type: 'number',
      name: 'k',
      min: '1',
      max: '200',
      value: String(plan.k),
      oninput: (e: Event) => (plan.k = Number((e.target as HTMLInputElement).value)),
    });
    const candidates = select(
      [
        ['compounds', t.candidateCompounds],
        ['grids', t.candidateGrids],
      ],
      plan.candidates,
      (v) => (plan.candidates = v as 'compounds' | 'grids'),
      'candidates',
    );
    form.append(field(t.k, k), field(t.candidates, candidates), go(t.propose, actions.siting));
  } else {
    const date = (name: 'from' | 'to') =>
      el('input', { type: 'date', name, value: plan[name], onchange: (e: Event) => (plan[name] = (e.target as HTMLInputElement).value) });
    const groups = [['', t.allCategories], ...Object.entries(t.groups)] as [string, string][];
    form.append(
      field(t.from, date('from')),
      field(t.to, date('to')),
      field(
        t.category,
        select(groups, plan.group, (v) => (plan.group = v), 'group'),
      ),
      go(t.analyse, actions.hotspots),
    );
  }
  if (plan.error) form.append(el('p', { class: 'error', role: 'alert' }, plan.error));
  if (!walking) form.append(el('p', { class: 'note' }, plan.tab === 'hotspots' ? t.hotspotNote : t.note));
  return form;
}

/** Query string of the coverage parameters. */
export const coverageQuery = (level = plan.level) =>
  new URLSearchParams({ kinds: plan.kinds.join(','), radius: String(plan.radius), level, ...(area() ? { area: area()! } : {}) }).toString();
