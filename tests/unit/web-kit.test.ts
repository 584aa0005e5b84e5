import { afterEach, describe, expect, it, vi } from 'vitest';
import { childCodeLength, insidePrefix, isWholeCity } from '../../web/kit/areas.ts';
import { ApiRequestError, query, request, requestJson, withQuery } from '../../web/kit/http.ts';
import { session } from '../../web/kit/session.ts';

/** Replaces fetch with one answer and records what was sent. */
function answer(status: number, body: unknown) {
  const calls: { path: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
    calls.push({ path, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}
const header = (init: RequestInit, name: string) => (init.headers as Record<string, string>)[name];

afterEach(() => vi.unstubAllGlobals());

describe('web kit: area codes', () => {
  it('knows the whole city by the server’s rule (no code, 4 digits, 6 digits ending 00)', () => {
    for (const code of [undefined, null, '', '2101', '210100']) expect(isWholeCity(code), String(code)).toBe(true);
    for (const code of ['210103', '210103013', '210103013006', '21010301300604']) expect(isWholeCity(code), code).toBe(false);
  });

  it('drills one level down: city → district → street → community → grid, nothing below a grid', () => {
    expect([undefined, '2101', '210100', '210103', '210103013', '210103013006', '21010301300604'].map(childCodeLength)).toEqual([
      6,
      6,
      6,
      9,
      12,
      14,
      undefined,
    ]);
    expect([undefined, '2101', '210100', '210103'].map(insidePrefix)).toEqual(['', '2101', '2101', '210103']);
  });
});

describe('web kit: requests', () => {
  it('builds query strings from the parameters that have a value', () => {
    expect(query({ area: '210103', from: undefined, to: '', limit: 500, x: null })).toBe('area=210103&limit=500');
    expect(withQuery('/api/kpis', { area: undefined })).toBe('/api/kpis');
    expect(withQuery('/api/incidents', { status: 'reported,registered' })).toBe('/api/incidents?status=reported%2Cregistered');
  });

  it('throws the API’s error shape as ApiRequestError (status, code, message, field)', async () => {
    answer(400, { error: { code: 'invalid_request', message: 'k: too small', field: 'k' } });
    const error = await requestJson('/api/siting', { method: 'POST', json: { k: 0 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', message: 'k: too small', field: 'k' });
  });

  it('falls back to the status line when the error body is not the API’s', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(request('/api/stats/summary')).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'Bad Gateway' });
  });

  it('sends the session’s CSRF token on unsafe methods only, with the cookie, and reads 204 as null', async () => {
    let calls = answer(200, { authenticated: true, role: 'planner', account: null, csrfToken: 'token-1', expiresAt: null });
    await session.me();
    expect(session.csrfToken()).toBe('token-1');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(header(calls[0]!.init, 'x-csrf-token')).toBeUndefined();

    calls = answer(204, undefined);
    expect(await requestJson('/api/siting/scenarios/1', { method: 'DELETE' })).toBeNull();
    expect(header(calls[0]!.init, 'x-csrf-token')).toBe('token-1');
    expect(header(calls[0]!.init, 'content-type')).toBeUndefined();

    calls = answer(201, { id: 7 });
    await requestJson('/api/incidents', { method: 'POST', json: { category: 'other' }, headers: { 'idempotency-key': 'field-1' } });
    expect(calls[0]!.init.headers).toEqual({ 'idempotency-key': 'field-1', 'content-type': 'application/json', 'x-csrf-token': 'token-1' });
    expect(calls[0]!.init.body).toBe('{"category":"other"}');

    answer(204, undefined);
    await session.logout();
    expect(session.csrfToken()).toBeNull();
    expect(session.current()).toBeNull();
  });
});
