/**
 * The dashboard's API calls (KPIs, incidents, actions). Shapes are the server's zod contracts, imported
 * as types only; login/me/style/area cards come from the map page's client.
 */
import { ApiFailure } from '../map/api/client.ts';
import type { KpiResponse, SummaryResponse, TrendResponse } from '../../core/contracts/kpis.ts';
import type { ActionRequest, IncidentDetail, IncidentList } from '../../core/contracts/incidents.ts';

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

/** A KPI period; both undefined = the server's default (the last 12 months). */
export interface Period {
  from?: string;
  to?: string;
}

/**
 * '12m' (last 12 months), a calendar year 'YYYY' (Asia/Shanghai) or 'all'.
 *
 * @example
 * periodRange('2021') // { from: '2021-01-01T00:00:00+08:00', to: '2022-01-01T00:00:00+08:00' }
 */
export function periodRange(period: string): Period {
  if (/^\d{4}$/.test(period)) return { from: `${period}-01-01T00:00:00+08:00`, to: `${Number(period) + 1}-01-01T00:00:00+08:00` };
  if (period === 'all') return { from: '2000-01-01T00:00:00+08:00', to: new Date().toISOString() };
  return {};
}

export const openStatuses = 'reported,registered,dispatched,handling,feedback,verifying';

export const commandApi = {
  kpis: (area: string | undefined, period: Period) => json<KpiResponse>(`/api/kpis${q({ area, ...period })}`),
  trend: (area: string | undefined, period: Period) => json<TrendResponse>(`/api/kpis/trend${q({ area, to: period.to })}`),
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
