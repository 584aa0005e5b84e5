/**
 * The field page's API calls (type-only imports of the server contracts). Reports go through the one
 * incident endpoint, `POST /api/incidents`, with an idempotency key (see queue.ts).
 */
import type { FieldCategories, LocateResult, NearbyIncident, SearchResult } from '../../core/contracts/field.ts';
import type { CreateIncident } from '../../core/contracts/incidents.ts';
import type { MeResponse } from '../../core/contracts/auth.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function request(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string; field?: string } } | null;
    throw new ApiFailure(res.status, body?.error?.message ?? res.statusText, body?.error?.field);
  }
  return res;
}
const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await request(path, init)).json() as Promise<T>;
const qs = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));

let csrf: string | null = null;

export const api = {
  async me(): Promise<MeResponse> {
    const me = await json<MeResponse>('/api/auth/me');
    csrf = me.csrfToken;
    return me;
  },
  async login(username: string, password: string): Promise<MeResponse> {
    const me = await json<MeResponse>('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    csrf = me.csrfToken;
    return me;
  },
  logout: () => request('/api/auth/logout', { method: 'POST', headers: csrf ? { 'x-csrf-token': csrf } : {} }),
  locate: (lon: number, lat: number) => json<LocateResult>(`/api/locate?${qs({ lon, lat })}`),
  search: (q: string) => json<SearchResult>(`/api/search?${qs({ q })}`),
  categories: () => json<FieldCategories>('/api/field/categories'),
  nearbyIncidents: (lon: number, lat: number, category: string) =>
    json<{ items: NearbyIncident[] }>(`/api/locate/incidents?${qs({ lon, lat, category, radius: 50 })}`),
  /** One report; a retry with the same key returns the first result (200) instead of a second incident. */
  async report(body: CreateIncident, idempotencyKey: string): Promise<{ id: number; code?: string }> {
    if (!csrf) await api.me();
    return json('/api/incidents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      body: JSON.stringify(body),
    });
  },
};
