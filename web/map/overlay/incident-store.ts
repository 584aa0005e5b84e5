/**
 * Incident data for the overlay and the panel, without deck.gl (the panel must not pull deck.gl
 * into the first page load): the wire columns once per sign-in state — every month the data holds, up
 * to today's cases — and the filtered view per filter. The time window is months `YYYY-MM` in the
 * state; here they become the wire's month indexes, clamped to the data's own first and last month.
 */
import { api } from '../api.ts';
import { signedIn, state } from '../app/state.ts';
import type { IncidentWire } from '../../../core/contracts/map-wire.ts';
import { monthExtent, monthIndex, monthLabel, selectIncidents, type IncidentView } from './incident-data.ts';

let wire: IncidentWire | undefined;
let wireKey = '';
let extent: { first: number; last: number } | null = null;
let view: IncidentView | undefined;
let viewKey = '';
export const incidentListeners = new Set<(wire: IncidentWire, view: IncidentView) => void>();
/** called once each time new wire columns arrived (the controls rebuild their category list and bounds) */
export const wireListeners = new Set<() => void>();

/** Loads the incident columns once per sign-in state; month, category and status filter in memory. */
export function ensureIncidentData(refresh: () => void) {
  const key = String(signedIn());
  if (key === wireKey) return;
  wireKey = key;
  wire = undefined;
  void api.incidents(signedIn(), {}).then((loaded) => {
    if (wireKey !== key) return;
    wire = loaded;
    extent = monthExtent(loaded);
    viewKey = '';
    wireListeners.forEach((listener) => listener());
    refresh();
  });
}

/** The data's first and last month as `YYYY-MM` (undefined before the data arrived or when it is empty). */
export function dataMonths(): { first: string; last: string } | undefined {
  if (!wire || !extent) return undefined;
  return { first: monthLabel(wire.header.monthZero, extent.first), last: monthLabel(wire.header.monthZero, extent.last) };
}

/** The window in month indexes: the user's choice within the data's months (the whole data by default). */
export function windowIndexes(): { from: number; to: number; month: number | null } | undefined {
  if (!wire || !extent) return undefined;
  const zero = wire.header.monthZero;
  const clamp = (i: number) => Math.max(extent!.first, Math.min(extent!.last, i));
  const f = state.incidentFilter;
  const from = f.from ? clamp(monthIndex(zero, f.from)) : extent.first;
  const to = f.to ? clamp(monthIndex(zero, f.to)) : extent.last;
  return { from: Math.min(from, to), to: Math.max(from, to), month: f.month ? monthIndex(zero, f.month) : null };
}

export function currentIncidentView(): IncidentView | undefined {
  if (!wire) return undefined;
  const key = JSON.stringify(state.incidentFilter);
  if (key !== viewKey) {
    const window = windowIndexes() ?? { from: 0, to: 0, month: null };
    const f = state.incidentFilter;
    view = selectIncidents(wire, { category: f.category, status: f.status, month: window.month, fromMonth: window.from, toMonth: window.to });
    viewKey = key;
    incidentListeners.forEach((listener) => listener(wire!, view!));
  }
  return view;
}

export const incidentWire = () => wire;
/** changes whenever the filtered view does, for deck.gl update triggers */
export const incidentViewKey = () => viewKey;
