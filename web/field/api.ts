/**
 * The field page's API calls, through the kit's request (sign-in is the kit's session). Reports go
 * through the one incident endpoint, `POST /api/incidents`, with an idempotency key (see queue.ts).
 * Shapes are the server's contracts (type-only imports).
 */
import type { FieldCategories, LocateResult, NearbyIncident, SearchResult } from '../../core/contracts/field.ts';
import type { CreateIncident } from '../../core/contracts/incidents.ts';
import { requestJson } from '../kit/http.ts';
import { session } from '../kit/session.ts';

// every parameter is sent, even an empty one (the server answers what is missing)
const qs = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));

export const api = {
  locate: (lon: number, lat: number) => requestJson<LocateResult>(`/api/locate?${qs({ lon, lat })}`),
  search: (q: string) => requestJson<SearchResult>(`/api/search?${qs({ q })}`),
  categories: () => requestJson<FieldCategories>('/api/field/categories'),
  nearbyIncidents: (lon: number, lat: number, category: string) =>
    requestJson<{ items: NearbyIncident[] }>(`/api/locate/incidents?${qs({ lon, lat, category, radius: 50 })}`),
  /** One report; a retry with the same key returns the first result (200) instead of a second incident. */
  async report(body: CreateIncident, idempotencyKey: string): Promise<{ id: number; code?: string }> {
    // a page opened offline has no token yet: ask for it before the first send
    if (!session.csrfToken()) await session.me();
    return requestJson('/api/incidents', { method: 'POST', json: body, headers: { 'idempotency-key': idempotencyKey } });
  },
};
