import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { parseEnv } from '../../core/env.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ CORS_ORIGINS: 'https://map.example.gov.cn, http://10.0.0.5:3000/' }) });
afterAll(async () => database.close());

const ALLOWED = 'https://map.example.gov.cn';
const REFUSED = 'https://evil.example.com';
const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => app.request(`http://localhost${path}`, init);

describe('CORS: public read-only resources', () => {
  it('lets any origin read the style, TileJSON, public OGC and the OpenAPI document, without credentials', async () => {
    for (const path of ['/style.json', '/tiles/districts', '/ogc', '/ogc/collections/districts', '/api/openapi.json']) {
      const res = await call(path, { headers: { Origin: REFUSED } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('access-control-allow-credentials'), path).toBeNull();
      // same-origin CORP would make the browser drop the response even with CORS allowed
      expect(res.headers.get('cross-origin-resource-policy'), path).toBeNull();
    }
  });

  it('answers a preflight for a tile with the read methods only', async () => {
    const res = await call('/tiles/districts/8/215/96', { method: 'OPTIONS', headers: { Origin: REFUSED, 'Access-Control-Request-Method': 'GET' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS');
  });

  it('keeps same-origin resource policy on everything else', async () => {
    const res = await call('/api/health');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});

describe('CORS: credentialed routes', () => {
  it('echoes an allowlisted origin with credentials and Vary: Origin', async () => {
    const res = await call('/api/auth/me', { headers: { Origin: ALLOWED } });
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('accepts an origin configured with a trailing slash', async () => {
    const res = await call('/api/health', { headers: { Origin: 'http://10.0.0.5:3000' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://10.0.0.5:3000');
  });

  it('gives a refused origin no CORS headers, and the incidents collection is credentialed', async () => {
    for (const path of ['/api/health', '/ogc/collections/incidents/items', '/open311/v2/services.json']) {
      const res = await call(path, { headers: { Origin: REFUSED } });
      expect(res.headers.get('access-control-allow-origin'), path).toBeNull();
      expect(res.headers.get('vary'), path).toContain('Origin');
    }
  });

  it('answers a preflight from an allowed origin with the methods and headers a write needs', async () => {
    const res = await call('/api/incidents', {
      method: 'OPTIONS',
      headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type, x-csrf-token, idempotency-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    for (const header of ['Content-Type', 'Authorization', 'X-CSRF-Token', 'Idempotency-Key'])
      expect(res.headers.get('access-control-allow-headers')).toContain(header);
  });

  it('refuses a preflight from another origin with 403 naming the Origin header', async () => {
    const res = await call('/api/incidents', { method: 'OPTIONS', headers: { Origin: REFUSED, 'Access-Control-Request-Method': 'POST' } });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: 'cors_origin_refused', field: 'Origin' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is same-origin only by default, and a malformed CORS_ORIGINS names the variable', async () => {
    expect(testEnv().CORS_ORIGINS).toEqual([]);
    expect(() => parseEnv({ CORS_ORIGINS: 'map.example.gov.cn' })).toThrow(/CORS_ORIGINS/);
  });
});
