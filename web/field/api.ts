/**
 * The field page's API calls, through the kit's request (sign-in is the kit's session). Reports go
 * through the one incident endpoint, `POST /api/incidents`, and workflow steps through
 * `POST /api/incidents/:id/actions`, both with an idempotency key (see queue.ts). Shapes are the
 * server's contracts (type-only imports).
 */
import type { FieldCategories, FieldTasks, LocateResult, NearbyIncident, SearchResult } from '../../core/contracts/field.ts';
import type { ActionRequest, CreateIncident, IncidentDetail } from '../../core/contracts/incidents.ts';
import type { Attachment } from '../../core/contracts/attachments.ts';
import { request, requestJson, upload } from '../kit/http.ts';
import { session } from '../kit/session.ts';
import { dataUrlToBlob } from './photo-blob.ts';

// every parameter is sent, even an empty one (the server answers what is missing)
const qs = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));

// a page opened offline has no token yet: ask for it before the first unsafe request
const withToken = async () => {
  if (!session.csrfToken()) await session.me();
};

export const api = {
  locate: (lon: number, lat: number) => requestJson<LocateResult>(`/api/locate?${qs({ lon, lat })}`),
  search: (q: string) => requestJson<SearchResult>(`/api/search?${qs({ q })}`),
  categories: () => requestJson<FieldCategories>('/api/field/categories'),
  nearbyIncidents: (lon: number, lat: number, category: string) =>
    requestJson<{ items: NearbyIncident[] }>(`/api/locate/incidents?${qs({ lon, lat, category, radius: 50 })}`),
  /** One report; a retry with the same key returns the first result (200) instead of a second incident. */
  async report(body: CreateIncident, idempotencyKey: string): Promise<{ id: number; code?: string }> {
    await withToken();
    return requestJson('/api/incidents', { method: 'POST', json: body, headers: { 'idempotency-key': idempotencyKey } });
  },
  tasks: () => requestJson<FieldTasks>('/api/field/tasks'),
  incident: (id: number) => requestJson<IncidentDetail>(`/api/incidents/${id}`),
  /** One workflow step; a retry with the same key answers the case without applying it again. */
  async act(id: number, body: ActionRequest, idempotencyKey: string): Promise<IncidentDetail> {
    await withToken();
    return requestJson(`/api/incidents/${id}/actions`, { method: 'POST', json: body, headers: { 'idempotency-key': idempotencyKey } });
  },
  /** Photos of a case (data URLs from photo.ts), sent once per key: a retry stores nothing twice. */
  async attach(id: number, stage: 'report' | 'feedback', photos: string[], idempotencyKey: string): Promise<{ items: Attachment[] }> {
    await withToken();
    const form = new FormData();
    form.append('stage', stage);
    photos.forEach((photo, index) => form.append('files', dataUrlToBlob(photo), `photo-${index + 1}.jpg`));
    return upload(`/api/incidents/${id}/attachments`, form, { 'idempotency-key': idempotencyKey });
  },
  async sharePosition(lon: number, lat: number, accuracy?: number): Promise<void> {
    await withToken();
    await request('/api/field/position', { method: 'POST', json: { lon, lat, ...(accuracy !== undefined ? { accuracy: Math.round(accuracy) } : {}) } });
  },
  async stopSharing(): Promise<void> {
    await withToken();
    await request('/api/field/position', { method: 'DELETE' });
  },
};
