/**
 * The planner page's calls, through the kit's request (sign-in is the kit's session); shapes are the
 * server's contracts (type-only imports).
 */
import type { CoverageCompound, CoverageResponse, HotspotResponse, SiteKindInfo } from '../../core/contracts/planning.ts';
import type { Scenario, ScenarioSummary, SitingRequest, SitingResult } from '../../core/contracts/planning-siting.ts';
import type { Geometry } from 'geojson';
import { requestJson } from '../kit/http.ts';

export type GeoCollection<P> = { type: 'FeatureCollection'; features: { type: 'Feature'; id?: string | number; geometry: Geometry; properties: P }[] };

export const planApi = {
  kinds: () => requestJson<{ kinds: SiteKindInfo[] }>('/api/coverage/kinds'),
  coverage: (q: string) => requestJson<CoverageResponse>(`/api/coverage?${q}`),
  coverageShapes: (q: string) => requestJson<GeoCollection<CoverageResponse['rows'][number]>>(`/api/coverage/export?format=geojson&${q}`),
  compounds: (q: string) => requestJson<{ compounds: CoverageCompound[] }>(`/api/coverage/compounds?uncovered=true&${q}`),
  siting: (request: SitingRequest) => requestJson<SitingResult>('/api/siting', { method: 'POST', json: request }),
  saveScenario: (body: SitingRequest & { name: string }) => requestJson<Scenario>('/api/siting/scenarios', { method: 'POST', json: body }),
  scenarios: () => requestJson<{ scenarios: ScenarioSummary[] }>('/api/siting/scenarios'),
  compare: (ids: number[]) =>
    requestJson<{ scenarios: ScenarioSummary[]; steps: { rank: number; shares: (number | null)[]; gains: (number | null)[] }[]; common: string[] }>(
      `/api/siting/compare?ids=${ids.join(',')}`,
    ),
  deleteScenario: (id: number) => requestJson<null>(`/api/siting/scenarios/${id}`, { method: 'DELETE' }),
  hotspots: (q: string) => requestJson<HotspotResponse>(`/api/hotspots?${q}`),
  hotspotShapes: (q: string) => requestJson<GeoCollection<HotspotResponse['rows'][number]>>(`/api/hotspots/export?format=geojson&${q}`),
};
