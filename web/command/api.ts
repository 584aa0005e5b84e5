/**
 * The dashboard's API calls (KPIs, incidents, actions), through the kit's request; sign-in, style and
 * area cards are the kit's. Shapes are the server's zod contracts, imported as types only.
 */
import type { KpiResponse, SummaryResponse, TrendResponse } from '../../core/contracts/kpis.ts';
import type { ActionRequest, IncidentDetail, IncidentList } from '../../core/contracts/incidents.ts';
import type { RoutingRequest } from '../../core/contracts/centers.ts';
import { requestJson, withQuery } from '../kit/http.ts';

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
  kpis: (area: string | undefined, period: Period) => requestJson<KpiResponse>(withQuery('/api/kpis', { area, ...period })),
  trend: (area: string | undefined, period: Period) => requestJson<TrendResponse>(withQuery('/api/kpis/trend', { area, to: period.to })),
  summary: (area?: string) => requestJson<SummaryResponse>(withQuery('/api/kpis/summary', { area })),
  openIncidents: (area?: string) => requestJson<IncidentList>(withQuery('/api/incidents', { area, status: openStatuses, limit: '500' })),
  incident: (id: number) => requestJson<IncidentDetail>(`/api/incidents/${id}`),
  /** a workflow action; the kit adds the session's CSRF token */
  act: (id: number, body: ActionRequest) => requestJson<IncidentDetail>(`/api/incidents/${id}/actions`, { method: 'POST', json: body }),
  /** a move between centers and departments (上报 / 流转 / 退回 / 协办) */
  route: (id: number, body: RoutingRequest) => requestJson<IncidentDetail>(`/api/incidents/${id}/routing`, { method: 'POST', json: body }),
};
