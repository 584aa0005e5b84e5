/** Result panels: coverage totals and the ranked gap table, siting steps, scenarios, hotspots. */
import { el } from '../kit/dom.ts';
import type { CoverageResponse, HotspotResponse } from '../../core/contracts/planning.ts';
import type { ScenarioSummary, SitingResult } from '../../core/contracts/planning-siting.ts';
import { m, metres, num, pct } from './i18n.ts';
import { flagColors, shareClasses } from './layers.ts';
import { plan } from './state.ts';

type Cell = string | Node;
export function table(header: string[], rows: Cell[][], className = 'data'): HTMLTableElement {
  return el(
    'table',
    { class: className },
    el('thead', {}, el('tr', {}, ...header.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map((c) => el('td', {}, c))))),
  );
}

const stat = (label: string, value: string) => el('div', { class: 'stat' }, el('span', {}, label), el('strong', {}, value));

export function coverageSummary(c: CoverageResponse): HTMLElement {
  const t = m();
  const f = c.fullCoverage;
  return el(
    'section',
    { class: 'result', id: 'coverage-summary' },
    el('h2', {}, t.totals),
    el(
      'div',
      { class: 'stats' },
      stat(t.share, pct(c.totals.share)),
      stat(t.households, num(c.totals.households)),
      stat(t.covered, num(c.totals.householdsCovered)),
      stat(t.p50, metres(c.totals.nearestSiteP50)),
      stat(t.p90, metres(c.totals.nearestSiteP90)),
      stat(t.sites, num(c.sites)),
    ),
    el(
      'p',
      { class: f.full ? 'verdict ok' : 'verdict gap' },
      `${t.full}：`,
      f.full ? t.fullYes : t.fullNo(f.streets.missing.length, f.communities.missing.length),
    ),
    legend(),
  );
}

function legend() {
  const t = m();
  const labels = ['< 50%', '50–70%', '70–85%', '85–95%', '≥ 95%'];
  return el(
    'div',
    { class: 'legend' },
    el('span', {}, t.legend),
    ...shareClasses.map(([, color], i) => el('span', { class: 'swatch' }, el('i', { style: `background:${color}` }), labels[i]!)),
    el('span', { class: 'swatch' }, el('i', { class: 'dot' }), t.uncoveredCompounds),
  );
}

/** Areas ranked by uncovered households (the largest gaps first). */
export function gapTable(c: CoverageResponse, limit = 15): HTMLElement {
  const t = m();
  const ranked = c.rows
    .map((r) => ({ ...r, gap: r.households - r.householdsCovered }))
    .filter((r) => r.gap > 0)
    .sort((a, b) => b.gap - a.gap || a.code.localeCompare(b.code))
    .slice(0, limit);
  return el(
    'section',
    { class: 'result', id: 'gap-table' },
    el('h2', {}, t.gaps),
    ranked.length
      ? table(
          [t.rank, t.name, t.uncovered, t.share, t.p50, t.p90],
          ranked.map((r, i) => [String(i + 1), r.name, num(r.gap), pct(r.share), metres(r.nearestSiteP50), metres(r.nearestSiteP90)]),
        )
      : el('p', {}, t.none),
  );
}

export function sitingSummary(r: SitingResult, onSave: (name: string) => void): HTMLElement {
  const t = m();
  const areaName = [plan.districts.find((d) => d.code === plan.district)?.name, plan.streets.find((s) => s.code === plan.street)?.name]
    .filter(Boolean)
    .join(' ');
  const name = el('input', { name: 'scenario', placeholder: t.scenarioName, value: `${areaName || t.city} · k=${r.k} · ${r.radius} m` });
  // the guarantee is stated on the gain: households covered before count for every plan alike
  const proof = r.provenOptimal ? `${t.optimal} · ${t.proofs[r.proof ?? ''] ?? ''}` : t.bound(pct(r.gainRatio, 1), num(r.gainUpperBound), r.k);
  return el(
    'section',
    { class: 'result', id: 'siting-summary' },
    el(
      'div',
      { class: 'stats' },
      stat(t.before, pct(r.before.share)),
      stat(t.after, pct(r.after.share)),
      stat(t.gain, num(r.after.householdsCovered - r.before.householdsCovered)),
      stat(t.method, `${t.methods[r.method] ?? r.method}`),
    ),
    el('p', { class: 'note', id: 'siting-bound' }, r.sites.length ? proof : t.nothingToGain),
    r.sites.length > 0 && !r.provenOptimal ? el('p', { class: 'note' }, t.guarantee(pct(r.guarantee, 1))) : null,
    r.sites.length ? el('div', { id: 'gain-chart', class: 'chart' }) : null,
    table(
      [t.rank, t.name, t.gain, t.cumShare],
      r.sites.map((s) => [String(s.rank), s.name, num(s.gain), pct(s.share)]),
    ),
    el('form', { class: 'save', onsubmit: (e: Event) => (e.preventDefault(), onSave(name.value)) }, name, el('button', { type: 'submit' }, t.save)),
  );
}

export function scenarioList(
  list: ScenarioSummary[],
  chosen: Set<number>,
  actions: { compare(): void; remove(id: number): void; toggle(id: number): void },
): HTMLElement {
  const t = m();
  if (!list.length) return el('section', { class: 'result', id: 'scenarios' });
  return el(
    'section',
    { class: 'result', id: 'scenarios' },
    el('h2', {}, t.scenarios),
    el(
      'ul',
      { class: 'scenarios' },
      ...list.map((s) =>
        el(
          'li',
          {},
          el(
            'label',
            { class: 'check' },
            el('input', { type: 'checkbox', ...(chosen.has(s.id) ? { checked: true } : {}), onchange: () => actions.toggle(s.id) }),
            `${s.name} — ${pct(s.before)} → ${pct(s.after)}`,
            s.stale ? el('em', { class: 'stale' }, ` (${t.stale})`) : '',
          ),
          el('a', { href: `/api/siting/scenarios/${s.id}/export?format=csv`, download: '' }, 'CSV'),
          ' ',
          el('a', { href: `/api/siting/scenarios/${s.id}/export?format=geojson`, download: '' }, 'GeoJSON'),
          ' ',
          el('button', { type: 'button', class: 'link', onclick: () => actions.remove(s.id) }, t.remove),
        ),
      ),
    ),
    el('button', { type: 'button', ...(chosen.size < 2 || chosen.size > 4 ? { disabled: true } : {}), onclick: actions.compare }, t.compare),
    el('div', { id: 'compare' }),
  );
}

export function compareTable(data: {
  scenarios: ScenarioSummary[];
  steps: { rank: number; shares: (number | null)[]; gains: (number | null)[] }[];
}): HTMLElement {
  const t = m();
  return table(
    [t.rank, ...data.scenarios.map((s) => s.name)],
    [
      [t.before, ...data.scenarios.map((s) => pct(s.before))],
      ...data.steps.map((step) => [String(step.rank), ...step.shares.map((share, i) => (share === null ? '—' : `${pct(share)} (+${num(step.gains[i])})`))]),
    ],
    'data compare',
  );
}

export function hotspotSummary(h: HotspotResponse, limit = 15): HTMLElement {
  const t = m();
  const s = h.summary;
  const warnings = h.warnings.map((w) =>
    el(
      'p',
      { class: w.blocking ? 'verdict gap' : 'verdict warn', role: w.blocking ? 'alert' : 'note', 'data-warning': w.code },
      t.warnings[w.code]!(w.actual, w.minimum),
    ),
  );
  const flagged = h.rows
    .filter((r) => r.flag)
    .sort((a, b) => (b.z ?? 0) - (a.z ?? 0))
    .slice(0, limit);
  const badge = (flag: string | null) => (flag ? el('span', { class: 'badge', style: `background:${flagColors[flag]}` }, t.flags[flag]!) : '');
  return el(
    'section',
    { class: 'result', id: 'hotspot-summary' },
    el(
      'div',
      { class: 'stats four' },
      stat(t.incidents, num(s.incidents)),
      stat(t.flags.hot99!, num(s.hot99)),
      stat(t.flags.hot95!, num(s.hot95)),
      stat(t.flags.cold95!, num(s.cold95 + s.cold99)),
    ),
    el(
      'div',
      { class: 'legend' },
      ...Object.entries(flagColors).map(([flag, color]) => el('span', { class: 'swatch' }, el('i', { style: `background:${color}` }), t.flags[flag]!)),
    ),
    ...warnings,
    el('p', { class: 'note', id: 'hotspot-neighbourhood' }, t.neighbourhood(h.neighbourhood.meanNeighbours.toFixed(1), h.neighbourhood.isolated)),
    el('p', { class: 'note' }, t.correction(s.uncorrected)),
    flagged.length
      ? table(
          [t.name, t.incidents, t.localIncidents, t.rate, t.change, t.z, ''],
          flagged.map((r) => [
            r.name,
            num(r.incidents),
            num(r.localIncidents),
            r.rate?.toFixed(1) ?? '—',
            r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${r.change.toFixed(1)}`,
            r.z?.toFixed(2) ?? '—',
            badge(r.flag),
          ]),
        )
      : el('p', {}, t.noHotspots),
  );
}
