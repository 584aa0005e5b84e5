/** The app's small shared state with change notification; modules subscribe to what they draw. */
import type { MeResponse } from '../../../core/contracts/auth.ts';

export type ToggleLayer = 'districts' | 'streets' | 'communities' | 'grid_cells' | 'compounds' | 'sites' | 'incidents' | 'coverage';

export interface AppState {
  visible: Record<ToggleLayer, boolean>;
  me: MeResponse | null;
  incidentFilter: { category: string; status: '' | 'open' | 'closed'; month: number | null; fromMonth: number; toMonth: number };
  coverage: { metric: 'per1000' | 'covered'; radius: number };
  selected: string | null;
}

export const state: AppState = {
  visible: { districts: true, streets: true, communities: true, grid_cells: true, compounds: true, sites: true, incidents: false, coverage: false },
  me: null,
  incidentFilter: { category: '', status: '', month: null, fromMonth: 0, toMonth: 47 },
  coverage: { metric: 'covered', radius: 500 },
  selected: null,
};

type Topic = 'visible' | 'me' | 'incidentFilter' | 'coverage' | 'selected';
const listeners = new Map<Topic, Set<() => void>>();

export function on(topic: Topic, listener: () => void) {
  if (!listeners.has(topic)) listeners.set(topic, new Set());
  listeners.get(topic)!.add(listener);
}

export function changed(topic: Topic) {
  listeners.get(topic)?.forEach((listener) => listener());
}

export const signedIn = () => state.me?.authenticated === true;
