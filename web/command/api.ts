/**
 * The dashboard's API calls (KPIs, incidents, actions). Shapes are the server's zod contracts, imported
 * as types only; login/me/style/area cards come from the map page's client.
 */
import { ApiFailure } from '../src/api/client.ts';
import type { KpiResponse, SummaryResponse, TrendResponse } from '../../server/contracts/kpis.ts';
import type { ActionRequest, IncidentDetail, IncidentList } from '../../server/contracts/incidents.ts';

let csrfToken: string | null = null;
/** Set from /api/auth/me or login; sent on every POST (the session cookie needs it). */
export const setCsrf = (token: string | null) => {
  csrfToken = token;
};

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', ...init });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ApiFailure(res.status, body?.error?.message ?? res.statusText);
  }
  return res.json() as Promise<T>;
}
const q = (params: Record<string, string | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string] => !!e[1]);
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
};

export const openStatuses = 'reported,registered,dispatched,handling,feedback,verifying';

export const commandApi = {
  kpis: (area?: string) => json<KpiResponse>(`/api/kpis${q({ area })}`),
  trend: (area?: string) => json<TrendResponse>(`/api/kpis/trend${q({ area })}`),
  summary: (area?: string) => json<SummaryResponse>(`/api/kpis/summary${q({ area })}`),
  openIncidents: (area?: string) => json<IncidentList>(`/api/incidents${q({ area, status: openStatuses, limit: '500' })}`),
  incident: (id: number) => json<IncidentDetail>(`/api/incidents/${id}`),
  act: (id: number, body: ActionRequest) =>
    json<IncidentDetail>(`/api/incidents/${id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
      body: JSON.stringify(body),
    }),
};
