/**
 * The web app's calls to the API. Response shapes are the server's zod contracts (type-only imports,
 * so no validator ships to the browser); errors carry the API's one error shape.
 */
import type { AreaCard, CoverageResponse, GridWorkerContact } from '../../../core/contracts/map.ts';
import type { StatsSummary } from '../../../core/contracts/system.ts';
import type { MeResponse } from '../../../core/contracts/auth.ts';
import { decodeIncidentWire, type IncidentWire } from '../../../core/contracts/map-wire.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function request(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiFailure(res.status, body?.error?.message ?? res.statusText);
  }
  return res;
}

const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await request(path, init)).json() as Promise<T>;

export interface IncidentQuery {
  category?: string;
  status?: string;
  from?: string;
  to?: string;
}

const query = (params: object) => {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return entries.length ? `?${new URLSearchParams(entries as [string, string][])}` : '';
};

export const api = {
  style: () => json<Record<string, unknown>>('/style.json'),
  summary: () => json<StatsSummary>('/api/stats/summary'),
  card: (code: string) => json<AreaCard>(`/api/layers/areas/${code}`),
  worker: (code: string) => json<GridWorkerContact>(`/api/layers/areas/${code}/worker`),
  coverage: (radius: number) => json<CoverageResponse>(`/api/layers/coverage${query({ radius })}`),
  /** individual incidents when signed in, per-cell-month counts for the public */
  async incidents(signedIn: boolean, filter: IncidentQuery): Promise<IncidentWire> {
    const path = signedIn ? '/api/layers/incidents' : '/api/layers/incidents/density';
    return decodeIncidentWire(await (await request(path + query(filter))).arrayBuffer());
  },
  me: () => json<MeResponse>('/api/auth/me'),
  login: (username: string, password: string) =>
    json<unknown>('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) }),
  logout: (csrfToken: string | null) =>
    request('/api/auth/logout', { method: 'POST', headers: csrfToken ? { 'x-csrf-token': csrfToken } : {} }),
};
