/**
 * Role × endpoint × area matrix, generated from the routes createApp registers: a new route is
 * covered (and must carry an access policy) without touching this file, except a scoped route that
 * takes an identifier, which needs an entry in `scopeSamples` (the test says so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { endpoints, endpointsWithoutPolicy } from '../../server/access/routes.ts';
import { guardedPaths } from '../../server/access/guard.ts';
import type { Role } from '../../server/access/policy.ts';
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

interface Probe { path?: string; body?: unknown }
/**
 * Scoped routes that take an identifier (path parameter or body): a request inside district A /
 * community A1 (expect 2xx) and one in district B (expect `status`, default 404: existence must not leak).
 */
const scopeSamples: Record<string, { inScope: Probe; outOfScope: Probe & { status?: number } }> = {
  'GET /api/layers/areas/:code/worker': {
    inScope: { path: `/api/layers/areas/${grids.a1}/worker` },
    outOfScope: { path: `/api/layers/areas/${grids.b1}/worker` },
  },
  'POST /api/personal/reveal': {
    inScope: { body: { kind: 'incident', code: incidentOf('a1'), reason: 'matrix test' } },
    outOfScope: { body: { kind: 'incident', code: incidentOf('b1'), reason: 'matrix test' } },
  },
};

const concrete = (path: string) =>
  path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string) => paramSamples[name] ?? 'x').replace(/\*/g, 'x');

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const unsafe = !['GET', 'HEAD'].includes(method);
  const res = await app.request(path, {
    method,
    headers: { ...headers, ...(unsafe ? { 'content-type': 'application/json' } : {}) },
    ...(unsafe ? { body: JSON.stringify(body ?? {}) } : {}),
  });
  const text = new TextDecoder().decode(await res.arrayBuffer());
  return { status: res.status, text };
}

function expectNoClearPersonalData(text: string, where: string) {
  for (const value of [...clearValues.names, ...clearValues.phones, ...clearValues.idNumbers]) {
    expect(text.includes(value), `${where} leaks ${value}`).toBe(false);
  }
}

beforeAll(async () => {
  await insertAccessFixture(database);
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
  const all = endpoints(app);

  it('finds the registered routes', () => {
    expect(all.length).toBeGreaterThan(5);
  });

  it('has an access policy on every route, under a guarded path', () => {
    expect(endpointsWithoutPolicy(app)).toEqual([]);
    const prefixes = guardedPaths.map((path) => path.replace('*', ''));
    expect(all.filter((e) => !prefixes.some((prefix) => e.path.startsWith(prefix))).map((e) => e.path)).toEqual([]);
  });

  it('answers every role with the class its policy says, and never with clear personal data', async () => {
    const failures: string[] = [];
    for (const endpoint of all) {
      const path = concrete(endpoint.path);
      for (const [name, caller] of Object.entries(callers)) {
        const { status, text } = await call(endpoint.method, path, caller.headers);
        const allowed = endpoint.policy!.roles.includes(caller.role);
        const expected = allowed ? 'not 401/403/5xx' : caller.role === 'public' ? '401' : '403';
        const ok = allowed ? ![401, 403].includes(status) && status < 500 : status === (caller.role === 'public' ? 401 : 403);
        if (!ok) failures.push(`${endpoint.method} ${path} as ${name}: ${status}, expected ${expected} (${text.slice(0, 120)})`);
        expectNoClearPersonalData(text, `${endpoint.method} ${path} as ${name}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps scoped routes inside the caller\'s area: out of scope is 404, lists show nothing of district B', async () => {
    const scoped = all.filter((e) => e.policy!.scoped);
    expect(scoped.length).toBeGreaterThan(0);
    for (const endpoint of scoped) {
      const key = `${endpoint.method} ${endpoint.path}`;
      const sample = scopeSamples[key];
      const hasIdentifier = endpoint.path.includes(':') || endpoint.method !== 'GET';
      if (hasIdentifier && !sample) throw new Error(`add a scope sample for ${key} in tests/api/access-matrix.test.ts`);
      for (const name of ['commanderA', 'commanderStreetA', 'workerA1']) {
        const caller = callers[name]!;
        if (!endpoint.policy!.roles.includes(caller.role)) continue;
        if (sample) {
          const inside = await call(endpoint.method, sample.inScope.path ?? endpoint.path, caller.headers, sample.inScope.body);
          expect(inside.status, `${key} in scope as ${name}: ${inside.text}`).toBeLessThan(300);
          const outside = await call(endpoint.method, sample.outOfScope.path ?? endpoint.path, caller.headers, sample.outOfScope.body);
          expect(outside.status, `${key} out of scope as ${name}: ${outside.text}`).toBe(sample.outOfScope.status ?? 404);
        } else {
          const { text } = await call(endpoint.method, endpoint.path, caller.headers);
          expect(text.includes(B.district), `${key} as ${name} shows district B`).toBe(false);
        }
      }
    }
  });
});
