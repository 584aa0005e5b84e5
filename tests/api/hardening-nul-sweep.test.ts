/**
 * #13 item 5: a U+0000 (and other control characters) in the query, a path parameter or a body field of
 * EVERY declared route, as every role, is a 4xx naming the field, never a 5xx. The routes come from
 * `app.routes` and their declarations (`specOf`), like the access matrix: a new route is swept too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApp } from '../../server/app.ts';
import { specOf, type RouteSpec } from '../../server/routes/declare.ts';
import type { Role } from '../../core/access/roles.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { A, insertAccessFixture, removeAccessFixture, workers } from '../support/access-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const accounts: TestAccount[] = [];
const callers: { name: string; role: Role; headers: Record<string, string> }[] = [{ name: 'public', role: 'public', headers: {} }];

interface Declared {
  method: string;
  path: string;
  spec: RouteSpec;
}
const declared: Declared[] = app.routes.flatMap((route) => {
  const spec = specOf(route.handler);
  return spec ? [{ method: route.method, path: route.path, spec }] : [];
});

/** Property names of a declared object schema (query or body), as the OpenAPI document shows them. */
function propertyNames(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return Object.keys(json.properties ?? {});
}
const paramNames = (path: string) => [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
const samples: Record<string, string> = { id: '2147483000', code: A.district, layer: 'districts', z: '0', x: '0', y: '0' };
const concrete = (path: string, override: Record<string, string> = {}) =>
  path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string) => override[name] ?? samples[name] ?? 'x').replace(/\*/g, 'x');
const NUL = '\u0000';

/** The field an error names: ours (`error.field`) or Open311's (`[{description: "field: …"}]`, or its XML). */
async function namedField(res: Response): Promise<string | undefined> {
  const text = await res.text();
  const xml = /<description>([^<:]+):/.exec(text);
  if (xml) return xml[1]!.replace(/&amp;/g, '&');
  let body: { error?: { field?: string } } | { description: string }[] | null = null;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(body)) return /^([^:]+):/.exec(body[0]?.description ?? '')?.[1];
  return body?.error?.field;
}

function requestBody(spec: RouteSpec, fields: Record<string, string>): { headers: Record<string, string>; body: BodyInit } {
  if (spec.bodyType === 'multipart/form-data') {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    return { headers: {}, body: form };
  }
  if (spec.bodyType === 'application/x-www-form-urlencoded') {
    return { headers: { 'content-type': spec.bodyType }, body: new URLSearchParams(fields).toString() };
  }
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) };
}

beforeAll(async () => {
  await insertAccessFixture(database);
  const specs = {
    admin: { role: 'admin' },
    commanderCity: { role: 'commander', scopeCode: null },
    commanderA: { role: 'commander', scopeCode: A.district },
    workerA1: { role: 'grid_worker', scopeCode: A.community1, workerCode: workers.a1 },
    planner: { role: 'planner' },
  } as const;
  for (const [name, spec] of Object.entries(specs)) {
    const account = await createAccount(database, spec, 'nul');
    accounts.push(account);
    callers.push({ name, role: spec.role, headers: account.bearer });
  }
});
afterAll(async () => {
  await database.pool.query(`DELETE FROM incidents WHERE description LIKE 'nul-sweep%'`);
  await removeAccounts(database, accounts);
  await removeAccessFixture(database);
  await database.close();
});

describe('NUL sweep over every declared route', () => {
  it('finds the declared routes', () => {
    expect(declared.length).toBeGreaterThan(40);
  });

  it('refuses a control character in any query parameter or path parameter with 400 naming it, for every role', async () => {
    const failures: string[] = [];
    for (const { method, path, spec } of declared) {
      const probes: { url: string; field: string }[] = [];
      for (const name of [...propertyNames(spec.query), 'unexpected']) {
        probes.push({ url: `${concrete(path)}?${encodeURIComponent(name)}=a%00b`, field: name });
      }
      probes.push({ url: `${concrete(path)}?q=%01`, field: 'q' });
      for (const name of paramNames(path)) probes.push({ url: concrete(path, { [name]: 'a%00b' }), field: name });
      for (const caller of callers) {
        for (const probe of probes) {
          const res = await app.request(probe.url, { method, headers: caller.headers });
          const field = await namedField(res);
          if (res.status !== 400 || field !== probe.field) failures.push(`${method} ${probe.url} as ${caller.name}: ${res.status} field ${field}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers a NUL in every body field with a 4xx (never a 5xx), naming the field to a caller who may use the route', async () => {
    const failures: string[] = [];
    for (const { method, path, spec } of declared.filter((route) => route.spec.body)) {
      const names = propertyNames(spec.body);
      for (const caller of callers) {
        const allowed = spec.access.roles.includes(caller.role);
        for (const name of names.length ? names : ['body']) {
          const fields = Object.fromEntries(names.map((other) => [other, `nul-sweep ${other}`]));
          fields[name] = `nul-sweep${NUL}${name}`;
          const { headers, body } = requestBody(spec, fields);
          const res = await app.request(concrete(path), { method, headers: { ...caller.headers, ...headers }, body });
          const field = await namedField(res);
          if (res.status >= 500) failures.push(`${method} ${path} ${name} as ${caller.name}: ${res.status}`);
          else if (res.status < 400) failures.push(`${method} ${path} ${name} as ${caller.name}: accepted with ${res.status}`);
          // the access check comes first; past it the NUL (or an earlier invalid field) is named
          else if (allowed && res.status === 400 && field === undefined) failures.push(`${method} ${path} ${name} as ${caller.name}: 400 without a field`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("refuses a NUL anywhere in a JSON body, also in a nested value or a key, and in an export's filters", async () => {
    const admin = callers.find((caller) => caller.name === 'admin')!.headers;
    const post = (body: unknown) =>
      app.request('/api/incidents', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const nested = await post({ category: 'theft', location: { lon: 124.005, lat: 40.005, [`note${NUL}`]: 1 } });
    expect(nested.status).toBe(400);
    expect(await namedField(nested)).toBe(`location.note${NUL}`.replace(NUL, '?'));
    const deep = await post({ category: 'theft', description: 'ok', location: { lon: 124.005, lat: 40.005 }, extra: [{ a: `x${NUL}` }] });
    expect(await namedField(deep)).toBe('extra.0.a');
    const exported = await app.request(`/api/exports/incidents?format=csv&category=theft${encodeURIComponent(NUL)}`, { headers: admin });
    expect(exported.status).toBe(400);
    expect(await namedField(exported)).toBe('category');
  });
});
