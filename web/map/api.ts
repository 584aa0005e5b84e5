/**
 * The map page's own API calls, through the kit's request (sign-in, style and area cards are the kit's).
 * Response shapes are the server's zod contracts, imported as types only.
 */
import type { CoverageResponse, GridWorkerContact } from '../../core/contracts/map.ts';
import type { StatsSummary } from '../../core/contracts/system.ts';
import type { SearchResult } from '../../core/contracts/field.ts';
import type { Place, SiteCard, SiteContact } from '../../core/contracts/sites.ts';
import { decodeIncidentWire, type IncidentWire } from '../../core/contracts/map-wire.ts';
import { request, requestJson, withQuery } from '../kit/http.ts';

export interface IncidentQuery {
  category?: string;
  status?: string;
  from?: string;
  to?: string;
}

export const api = {
  summary: () => requestJson<StatsSummary>('/api/stats/summary'),
  worker: (code: string) => requestJson<GridWorkerContact>(`/api/layers/areas/${code}/worker`),
  search: (q: string) => requestJson<SearchResult>(withQuery('/api/search', { q, limit: 12 })),
  site: (code: string) => requestJson<SiteCard>(`/api/sites/${encodeURIComponent(code)}`),
  siteContact: (code: string) => requestJson<SiteContact>(`/api/sites/${encodeURIComponent(code)}/contact`),
  place: (code: string) => requestJson<Place>(`/api/places/${encodeURIComponent(code)}`),
  coverage: (radius: number) => requestJson<CoverageResponse>(withQuery('/api/layers/coverage', { radius })),
  /** individual incidents when signed in, per-cell-month counts for the public (binary columns, not JSON) */
  async incidents(signedIn: boolean, filter: IncidentQuery): Promise<IncidentWire> {
    const path = signedIn ? '/api/layers/incidents' : '/api/layers/incidents/density';
    return decodeIncidentWire(await (await request(withQuery(path, { ...filter }))).arrayBuffer());
  },
};
