/**
 * Role × endpoint × area matrix, generated from the routes createApp registers: a new route is
 * covered (and must carry an access policy) without touching this file, except a scoped route that
 * takes an identifier, which needs an entry in `scopeSamples` (the test says so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { endpoints, endpointsWithoutPolicy } from '../../server/access/routes.ts';
import { guardedPaths } from '../../server/access/guard.ts';
import type { Role } from '../../core/access/roles.ts';
import { maskIdNumber, maskName, maskPhone } from '../../server/access/mask.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { A, B, clearValues, grids, incidentOf, insertAccessFixture, removeAccessFixture, workers } from '../support/access-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const callers: Record<string, { role: Role; headers: Record<string, string> }> = {};
const accounts: TestAccount[] = [];

/** Values for path parameters by name; unknown names get "x" (the route must then answer 4xx, not 5xx). */
const paramSamples: Record<string, string> = { id: '2147483000', code: A.district, layer: 'districts', z: '0', x: '0', y: '0' };

interface Probe {
  path?: string;
  body?: unknown;
  status?: number;
}
interface Fixture {
  incidentId: (grid: 'a1' | 'b1') => number;
}
/**
 * Scoped routes that take an identifier (path parameter or body): a request inside district A /
 * community A1 (expect `status`, default 2xx) and one in district B (expect `status`, default 404:
 * existence must not leak). An out-of-scope answer that is not 404 must not mention district B.
 */
const scopeSamples: Record<string, (f: Fixture) => { inScope: Probe; outOfScope: Probe }> = {
  'POST /api/personal/reveal': () => ({
    inScope: { body: { kind: 'incident', code: incidentOf('a1'), reason: 'matrix test' } },
    outOfScope: { body: { kind: 'incident', code: incidentOf('b1'), reason: 'matrix test' } },
  }),
  'GET /api/incidents/:id': (f) => ({
    inScope: { path: `/api/incidents/${f.incidentId('a1')}` },
    outOfScope: { path: `/api/incidents/${f.incidentId('b1')}` },
  }),
  // `accept` is illegal for a reported case: 409 proves the case was found, before anything changes
  'POST /api/incidents/:id/actions': (f) => ({
    inScope: { path: `/api/incidents/${f.incidentId('a1')}/actions`, body: { action: 'accept' }, status: 409 },
    outOfScope: { path: `/api/incidents/${f.incidentId('b1')}/actions`, body: { action: 'accept' } },
  }),
  // 400 (the body is no multipart form) proves the case was found in scope, before anything is stored
  'POST /api/incidents/:id/attachments': (f) => ({
    inScope: { path: `/api/incidents/${f.incidentId('a1')}/attachments`, status: 400 },
    outOfScope: { path: `/api/incidents/${f.incidentId('b1')}/attachments` },
  }),
  'GET /api/incidents/:id/attachments': (f) => ({
    inScope: { path: `/api/incidents/${f.incidentId('a1')}/attachments` },
    outOfScope: { path: `/api/incidents/${f.incidentId('b1')}/attachments` },
  }),
  'GET /api/incidents/:id/dispatch-candidates': (f) => ({
    inScope: { path: `/api/incidents/${f.incidentId('a1')}/dispatch-candidates` },
    outOfScope: { path: `/api/incidents/${f.incidentId('b1')}/dispatch-candidates` },
  }),
  // a fresh case has no sender: 409 proves it was found (and is held by a desk the caller acts for) before anything moves
  'POST /api/incidents/:id/routing': (f) => ({
    inScope: { path: `/api/incidents/${f.incidentId('a1')}/routing`, body: { action: 'return', reason: 'matrix test' }, status: 409 },
    outOfScope: { path: `/api/incidents/${f.incidentId('b1')}/routing`, body: { action: 'return', reason: 'matrix test' } },
  }),
  'GET /api/centers/:code/queue': () => ({ inScope: { path: `/api/centers/${A.street}/queue` }, outOfScope: { path: `/api/centers/${B.district}/queue` } }),
  'GET /api/centers/:code/kpis': () => ({ inScope: { path: `/api/centers/${A.street}/kpis` }, outOfScope: { path: `/api/centers/${B.district}/kpis` } }),
  // the fixture holds no photos; scope through the case is tested with real ones in tests/api/attachments.test.ts
  'GET /api/attachments/:id': () => ({ inScope: { path: '/api/attachments/2147483000', status: 404 }, outOfScope: { path: '/api/attachments/2147483001' } }),
  'GET /api/attachments/:id/thumbnail': () => ({
    inScope: { path: '/api/attachments/2147483000/thumbnail', status: 404 },
    outOfScope: { path: '/api/attachments/2147483001/thumbnail' },
  }),
  // the fixture holds no sites; a site's contact in and out of scope is tested in tests/api/sites.test.ts
  'GET /api/sites/:code/contact': () => ({
    inScope: { path: '/api/sites/AX-NO-SITE/contact', status: 404 },
    outOfScope: { path: '/api/sites/AX-NO-SITE-B/contact' },
  }),
  'GET /api/layers/areas/:code/worker': () => ({
    inScope: { path: `/api/layers/areas/${grids.a1}/worker` },
    outOfScope: { path: `/api/layers/areas/${grids.b1}/worker` },
  }),
  // anyone on staff may report anywhere (a worker passing by), but sees the case only in scope
  'POST /api/incidents': () => ({
    inScope: { body: { category: 'theft', location: { lon: 124.005, lat: 40.005 } }, status: 201 },
    outOfScope: { body: { category: 'theft', location: { lon: 124.035, lat: 40.005 } }, status: 201 },
  }),
  'GET /ogc/collections/incidents/items/:featureId': () => ({
    inScope: { path: `/ogc/collections/incidents/items/${incidentOf('a1')}` },
    outOfScope: { path: `/ogc/collections/incidents/items/${incidentOf('b1')}` },
  }),
  'GET /open311/v2/requests/:id': () => ({
    inScope: { path: `/open311/v2/requests/${incidentOf('a1')}.json` },
    outOfScope: { path: `/open311/v2/requests/${incidentOf('b1')}.json` },
  }),
};

const concrete = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string) => paramSamples[name] ?? 'x').replace(/\*/g, 'x');

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const unsafe = !['GET', 'HEAD'].includes(method);
  const res = await app.request(path, {
    method,
    headers: { ...headers, ...(unsafe ? { 'content-type': 'application/json' } : {}) },
    ...(unsafe ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  return { status: res.status, text: await bodyText(res) };
}

const clear = [...clearValues.names, ...clearValues.phones, ...clearValues.idNumbers];
/** Phones and ID numbers of whatever else is in the database (the demo city), loaded in beforeAll. */
const clearElsewhere: string[] = [];
const masked = [...clearValues.names.map(maskName), ...clearValues.phones.map(maskPhone), ...clearValues.idNumbers.map(maskIdNumber)];

/** No role gets a clear value; planner and public do not even get the masked form. */
/** The body as text; an event stream (never ends) is read for a moment and then cancelled. */
async function bodyText(res: Response): Promise<string> {
  if (!res.headers.get('content-type')?.includes('text/event-stream') || !res.body) {
    return new TextDecoder().decode(await res.arrayBuffer());
  }
  const reader = res.body.getReader();
  const chunks: string[] = [];
  const until = Date.now() + 300;
  while (Date.now() < until) {
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), until - Date.now()))]);
    if (!next || next.done) break;
    chunks.push(new TextDecoder().decode(next.value));
  }
  await reader.cancel();
  return chunks.join('');
}

function expectNoPersonalData(role: Role, text: string, where: string) {
  for (const value of [...(role === 'planner' || role === 'public' ? [...clear, ...masked] : clear), ...clearElsewhere]) {
    expect(text.includes(value), `${where} leaks ${value}`).toBe(false);
  }
}

beforeAll(async () => {
  await insertAccessFixture(database);
  const others = await database.pool.query<{ value: string }>(`
    SELECT value FROM (
      (SELECT reporter_phone AS value FROM incidents WHERE reporter_phone IS NOT NULL ORDER BY id DESC LIMIT 100)
      UNION (SELECT phone FROM grid_workers WHERE phone IS NOT NULL LIMIT 100)
      UNION (SELECT id_number FROM grid_workers WHERE id_number IS NOT NULL LIMIT 100)
      UNION (SELECT phone FROM volunteers WHERE phone IS NOT NULL LIMIT 100)
    ) v WHERE length(value) >= 7`);
  clearElsewhere.push(...others.rows.map((row) => row.value).filter((value) => !clear.includes(value)));
  const specs = {
    admin: { role: 'admin' },
    commanderCity: { role: 'commander', scopeCode: null },
    commanderA: { role: 'commander', scopeCode: A.district },
    commanderStreetA: { role: 'commander', scopeCode: A.street },
    workerA1: { role: 'grid_worker', scopeCode: A.community1, workerCode: workers.a1 },
    planner: { role: 'planner' },
  } as const;
  for (const [name, spec] of Object.entries(specs)) {
    const account = await createAccount(database, spec, 'matrix');
    accounts.push(account);
    callers[name] = { role: spec.role, headers: account.bearer };
  }
  callers.public = { role: 'public', headers: {} };
});
afterAll(async () => {
  await removeAccounts(database, accounts);
  await removeAccessFixture(database);
  await database.close();
});

describe('access matrix', () => {
  const everyEndpoint = endpoints(app);
  // endpoints without a policy fail the next test by name; the matrix covers the others
  const all = everyEndpoint.filter((endpoint) => endpoint.policy);

  it('finds the registered routes', () => {
    expect(everyEndpoint.length).toBeGreaterThan(5);
  });

  it('has an access policy on every route, under a guarded path', () => {
    expect(endpointsWithoutPolicy(app)).toEqual([]);
    const prefixes = guardedPaths.map((path) => path.replace('*', ''));
    // '/x/*' also matches '/x' itself (Hono), e.g. the OGC API landing page '/ogc'
    const guarded = (path: string) => prefixes.some((prefix) => path.startsWith(prefix) || `${path}/` === prefix);
    expect(everyEndpoint.filter((e) => !guarded(e.path)).map((e) => e.path)).toEqual([]);
  });

  it('answers every role with the class its policy says, and never with personal data it may not see', async () => {
    const failures: string[] = [];
    for (const endpoint of all) {
      const path = concrete(endpoint.path);
      for (const [name, caller] of Object.entries(callers)) {
        const { status, text } = await call(endpoint.method, path, caller.headers);
        const allowed = endpoint.policy!.roles.includes(caller.role);
        const expected = allowed ? 'not 401/403/5xx' : caller.role === 'public' ? '401' : '403';
        const ok = allowed ? ![401, 403].includes(status) && status < 500 : status === (caller.role === 'public' ? 401 : 403);
        if (!ok) failures.push(`${endpoint.method} ${path} as ${name}: ${status}, expected ${expected} (${text.slice(0, 120)})`);
        expectNoPersonalData(caller.role, text, `${endpoint.method} ${path} as ${name}`);
      }
    }
    expect(failures).toEqual([]);
    // every route × every role, sequentially: grows with the API, so it gets more time than one request
  }, 300_000);

  it("keeps scoped routes inside the caller's area: out of scope is 404, lists show nothing of district B", async () => {
    const ids = await database.pool.query<{ code: string; id: number }>(`SELECT code, id FROM incidents WHERE code LIKE 'AX-INC-%'`);
    const fixture: Fixture = { incidentId: (grid) => ids.rows.find((row) => row.code === incidentOf(grid))!.id };
    const scoped = all.filter((e) => e.policy!.scoped);
    expect(scoped.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const endpoint of scoped) {
      const key = `${endpoint.method} ${endpoint.path}`;
      const sample = scopeSamples[key]?.(fixture);
      const hasIdentifier = endpoint.path.includes(':') || endpoint.method !== 'GET';
      if (hasIdentifier && !sample) throw new Error(`add a scope sample for ${key} in tests/api/access-matrix.test.ts`);
      for (const name of ['commanderA', 'commanderStreetA', 'workerA1']) {
        const caller = callers[name]!;
        if (!endpoint.policy!.roles.includes(caller.role)) continue;
        if (sample) {
          const { inScope: i, outOfScope: o } = sample;
          const inside = await call(endpoint.method, i.path ?? endpoint.path, caller.headers, i.body);
          if (i.status ? inside.status !== i.status : inside.status >= 300) {
            failures.push(`${key} in scope as ${name}: ${inside.status} ${inside.text.slice(0, 200)}`);
          }
          const outside = await call(endpoint.method, o.path ?? endpoint.path, caller.headers, o.body);
          if (outside.status !== (o.status ?? 404)) failures.push(`${key} out of scope as ${name}: ${outside.status} ${outside.text.slice(0, 200)}`);
          if (outside.status !== 404 && outside.text.includes(B.district)) failures.push(`${key} out of scope as ${name} shows district B`);
        } else {
          const { text } = await call(endpoint.method, endpoint.path, caller.headers);
          if (text.includes(B.district)) failures.push(`${key} as ${name} shows district B`);
        }
      }
    }
    expect(failures).toEqual([]);
    // the check has teeth: the same lists do show district B to a city commander
    let seenByCity = 0;
    for (const endpoint of scoped.filter((e) => e.method === 'GET' && !e.path.includes(':'))) {
      if ((await call('GET', endpoint.path, callers.commanderCity!.headers)).text.includes(B.district)) seenByCity++;
    }
    expect(seenByCity).toBeGreaterThan(0);
  });
});
