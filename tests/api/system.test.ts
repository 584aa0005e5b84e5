import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { healthResponseSchema, statsSummarySchema } from '../../core/contracts/system.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
afterAll(() => database.close());

describe('system routes', () => {
  it('reports health with the engine and PostGIS version', async () => {
    const res = await app.request('/api/health');
    expect(res.status).toBe(200);
    const body = healthResponseSchema.parse(await res.json());
    expect(body.database).toBe(database.mode);
    expect(body.postgis).toMatch(/^3\.\d+\.\d+/);
  });

  it('summarises the city with every registered site kind', async () => {
    const res = await app.request('/api/stats/summary');
    expect(res.status).toBe(200);
    const body = statsSummarySchema.parse(await res.json());
    expect(Object.keys(body.sites).sort()).toEqual(['ferry_point', 'governance_center', 'mediation_point', 'mediation_room', 'traffic_point', 'watch_post']);
  });

  it('answers unknown routes with the JSON error shape and a request id', async () => {
    const res = await app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(errorResponseSchema.parse(await res.json()).error.code).toBe('not_found');
  });
});
