/**
 * Incident data for the overlay and the panel, without deck.gl (the panel must not pull deck.gl
 * into the first page load): the wire columns once per sign-in state, the filtered view per filter.
 */
import { api } from '../api.ts';
import { signedIn, state } from '../app/state.ts';
import type { IncidentWire } from '../../../core/contracts/map-wire.ts';
import { selectIncidents, type IncidentView } from './incident-data.ts';

let wire: IncidentWire | undefined;
let wireKey = '';
let view: IncidentView | undefined;
let viewKey = '';
export const incidentListeners = new Set<(wire: IncidentWire, view: IncidentView) => void>();

/** Loads the incident columns once per sign-in state; month, category and status filter in memory. */
export function ensureIncidentData(refresh: () => void) {
  const key = String(signedIn());
  if (key === wireKey) return;
  wireKey = key;
  wire = undefined;
  void api.incidents(signedIn(), { from: '2018-01-01', to: '2022-01-01' }).then((loaded) => {
    if (wireKey !== key) return;
    wire = loaded;
    viewKey = '';
    refresh();
  });
}

export function currentIncidentView(): IncidentView | undefined {
  if (!wire) return undefined;
  const key = JSON.stringify(state.incidentFilter);
  if (key !== viewKey) {
    view = selectIncidents(wire, state.incidentFilter);
    viewKey = key;
    incidentListeners.forEach((listener) => listener(wire!, view!));
  }
  return view;
}

export const incidentWire = () => wire;
/** changes whenever the filtered view does, for deck.gl update triggers */
export const incidentViewKey = () => viewKey;
