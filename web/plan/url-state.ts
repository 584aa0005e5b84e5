/**
 * The planner's state in the URL: the tab, the parameters of every tab and which analysis ran, so a
 * copied link reopens the same analysis. Written with replaceState (no history entry per keystroke);
 * read once at start, before the first request.
 */
import { plan, type Level, type Tab } from './state.ts';

const tabs: Tab[] = ['coverage', 'siting', 'hotspots'];
const levels: Level[] = ['district', 'street', 'community', 'grid'];
const day = /^\d{4}-\d{2}-\d{2}$/;
const code = /^\d{6}(\d{3})?$/;

/**
 * The query string of the current state (only what differs from the defaults stays out of it).
 *
 * @example
 * history.replaceState(null, '', `?${stateQuery()}`)  // ?tab=hotspots&from=2021-01-01&to=2021-12-31&run=hotspots
 */
export function stateQuery(ran: Tab | null): string {
  const q = new URLSearchParams({ tab: plan.tab });
  if (plan.district) q.set('district', plan.district);
  if (plan.street) q.set('street', plan.street);
  q.set('kinds', plan.kinds.join(','));
  if (plan.radiusTouched) q.set('radius', String(plan.radius));
  q.set('level', plan.level);
  q.set('k', String(plan.k));
  q.set('candidates', plan.candidates);
  if (plan.from) q.set('from', plan.from);
  if (plan.to) q.set('to', plan.to);
  if (plan.group) q.set('group', plan.group);
  if (ran) q.set('run', ran);
  return q.toString();
}

/** Writes the state into the address bar. */
export function saveState(ran: Tab | null) {
  history.replaceState(history.state, '', `${location.pathname}?${stateQuery(ran)}${location.hash}`);
}

/**
 * Applies the URL's state to `plan`, ignoring what is malformed (a hand-edited link must not break the
 * page: the server still checks everything). Returns the analysis to run again, if any.
 *
 * @example
 * const ran = restoreState(location.search);
 */
export function restoreState(search: string): Tab | null {
  const q = new URLSearchParams(search);
  const pick = <T extends string>(value: string | null, allowed: readonly T[]) => (allowed.includes(value as T) ? (value as T) : null);
  plan.tab = pick(q.get('tab'), tabs) ?? plan.tab;
  const district = q.get('district');
  if (district && code.test(district) && district.length === 6) plan.district = district;
  const street = q.get('street');
  if (street && code.test(street) && street.length === 9 && street.startsWith(plan.district)) plan.street = street;
  const kinds = q
    .get('kinds')
    ?.split(',')
    .filter((k) => /^[a-z_]+$/.test(k));
  if (kinds?.length) plan.kinds = kinds;
  const radius = Number(q.get('radius'));
  if (q.has('radius') && Number.isInteger(radius) && radius >= 50 && radius <= 20_000) ((plan.radius = radius), (plan.radiusTouched = true));
  plan.level = pick(q.get('level'), levels) ?? plan.level;
  const k = Number(q.get('k'));
  if (q.has('k') && Number.isInteger(k) && k >= 1 && k <= 200) plan.k = k;
  plan.candidates = pick(q.get('candidates'), ['compounds', 'grids'] as const) ?? plan.candidates;
  for (const name of ['from', 'to'] as const) if (day.test(q.get(name) ?? '')) plan[name] = q.get(name)!;
  const group = q.get('group');
  if (group && /^[a-z_]+$/.test(group)) plan.group = group;
  return pick(q.get('run'), tabs);
}
