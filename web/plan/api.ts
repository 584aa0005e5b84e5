/** The planner page's calls; shapes are the server's contracts (type-only imports). */
import type { CoverageCompound, CoverageResponse, HotspotResponse, SiteKindInfo } from '../../core/contracts/planning.ts';
import type { Scenario, ScenarioSummary, SitingRequest, SitingResult } from '../../core/contracts/planning-siting.ts';
import type { MeResponse } from '../../core/contracts/auth.ts';
import type { Geometry } from 'geojson';

export class PlanApiError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrf = (token: string | null) => (csrfToken = token);

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const unsafe = init.method && init.method !== 'GET';
  const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(unsafe && csrfToken ? { 'x-csrf-token': csrfToken } : {}) };
  const res = await fetch(path, { credentials: 'same-origin', ...init, headers });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; field?: string } } | null;
    throw new PlanApiError(res.status, body?.error?.message ?? res.statusText, body?.error?.field);
  }
  return (res.status === 204 ? null : await res.json()) as T;
}

export const qs = (params: Record<string, string | number | undefined | null>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '') as [string, string][]).toString();

export type GeoCollection<P> = { type: 'FeatureCollection'; features: { type: 'Feature'; id?: string | number; geometry: Geometry; properties: P }[] };

export const planApi = {
  me: () => call<MeResponse>('/api/auth/me'),
  login: (username: string, password: string) => call<MeResponse>('/api/auth/login', { method: 'POST', body: JSON.stringify({ username, password }) }),
  logout: () => call<null>('/api/auth/logout', { method: 'POST' }),
  kinds: () => call<{ kinds: SiteKindInfo[] }>('/api/coverage/kinds'),
  coverage: (q: string) => call<CoverageResponse>(`/api/coverage?${q}`),
  coverageShapes: (q: string) => call<GeoCollection<CoverageResponse['rows'][number]>>(`/api/coverage/export?format=geojson&${q}`),
  compounds: (q: string) => call<{ compounds: CoverageCompound[] }>(`/api/coverage/compounds?uncovered=true&${q}`),
  siting: (request: SitingRequest) => call<SitingResult>('/api/siting', { method: 'POST', body: JSON.stringify(request) }),
  saveScenario: (body: SitingRequest & { name: string }) => call<Scenario>('/api/siting/scenarios', { method: 'POST', body: JSON.stringify(body) }),
  scenarios: () => call<{ scenarios: ScenarioSummary[] }>('/api/siting/scenarios'),
  compare: (ids: number[]) => call<{ scenarios: ScenarioSummary[]; steps: { rank: number; shares: (number | null)[]; gains: (number | null)[] }[]; common: string[] }>(`/api/siting/compare?ids=${ids.join(',')}`),
  deleteScenario: (id: number) => call<null>(`/api/siting/scenarios/${id}`, { method: 'DELETE' }),
  hotspots: (q: string) => call<HotspotResponse>(`/api/hotspots?${q}`),
  hotspotShapes: (q: string) => call<GeoCollection<HotspotResponse['rows'][number]>>(`/api/hotspots/export?format=geojson&${q}`),
};
