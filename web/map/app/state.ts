/** The app's small shared state with change notification; modules subscribe to what they draw. */
import type { MeResponse } from '../../../core/contracts/auth.ts';

export type ToggleLayer = 'districts' | 'streets' | 'communities' | 'grid_cells' | 'compounds' | 'sites' | 'incidents' | 'coverage';

export interface IncidentFilter {
  category: string;
  status: '' | 'open' | 'closed';
  /** one month `YYYY-MM` (playback, slider) or null for the window from…to */
  month: string | null;
  /** the time window, months `YYYY-MM` inclusive; '' = the data's first / last month */
  from: string;
  to: string;
}

export interface AppState {
  visible: Record<ToggleLayer, boolean>;
  /** site kinds switched off in the layer list (the others are drawn when `sites` is on) */
  hiddenSiteKinds: string[];
  me: MeResponse | null;
  incidentFilter: IncidentFilter;
  coverage: { metric: 'per1000' | 'covered'; radius: number };
  /** the selected area (code), site (code) or gazetteer place (code); at most one is set */
  selected: string | null;
  site: string | null;
  place: string | null;
}

export const defaultVisible: Record<ToggleLayer, boolean> = {
  districts: true,
  streets: true,
  communities: true,
  grid_cells: true,
  compounds: true,
  sites: true,
  incidents: false,
  coverage: false,
};

export const state: AppState = {
  visible: { ...defaultVisible },
  hiddenSiteKinds: [],
  me: null,
  incidentFilter: { category: '', status: '', month: null, from: '', to: '' },
  coverage: { metric: 'covered', radius: 500 },
  selected: null,
  site: null,
  place: null,
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
