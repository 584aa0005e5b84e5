/**
 * Property-based fuzz of every declared route (fast-check, fixed seed): requests are generated from the
 * routes' own zod contracts (query, path parameters, body, via `app.routes` + `specOf` and
 * `z.toJSONSchema`), mostly well-typed with some values replaced by garbage. Whatever arrives, the
 * answer is never a 5xx, every 4xx has the one error shape (Open311: GeoReport's), and a 400 for a bad
 * field names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { createApp } from '../../server/app.ts';
import { specOf, type RouteSpec } from '../../server/routes/declare.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const accounts: TestAccount[] = [];
const callers: Record<string, Record<string, string>> = {};
/** ids above these were made by the fuzz and are removed after it */
const before: Record<string, number> = {};
const owned = ['users', 'incidents', 'siting_scenarios'];

interface Declared {
  method: string;
  path: string;
  spec: RouteSpec;
}
const declared: Declared[] = app.routes.flatMap((route) => {
  const spec = specOf(route.handler);
  // an event stream never ends; the fuzz needs whole answers
  if (!spec || spec.responseTypes?.includes('text/event-stream')) return [];
  return [{ method: route.method, path: route.path, spec }];
});

type Json = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  anyOf?: Json[];
  oneOf?: Json[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
};

const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(''),
  fc.constant('-1'),
  fc.constant('1e309'),
  fc.constant('NaN'),
  fc.constant('../../etc/passwd'),
  fc.constant("'; DROP TABLE users; --"),
  fc.constant('🙂沈阳'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

/**
 * Parameters whose every new value costs a whole computation (a coverage radius is computed for the
 * whole city, then cached): the fuzz keeps them to a few values so it stays within its time box. That
 * each new radius costs seconds is itself noted in the hardening report.
 */
const expensive: Record<string, fc.Arbitrary<unknown>> = { radius: fc.constantFrom(500, 1000) };

/** Values that fit a JSON Schema (roughly), or garbage one time in five. */
function fromSchema(schema: Json | undefined, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: fitting(schema ?? {}, depth) }, { weight: 1, arbitrary: garbage });
}

function fitting(schema: Json, depth: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) return fc.oneof(...options.map((option) => fitting(option, depth)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time')
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date')
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, 300));
        } catch {
          // a pattern fast-check cannot generate from: plain strings
        }
      }
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1e6, -1e9), max: Math.min(schema.maximum ?? 1e6, 1e9) });
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e6;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e6;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 2 ? fc.constant([]) : fc.array(fromSchema(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object': {
      if (depth > 2 || !schema.properties) return fc.constant({});
      const properties = Object.fromEntries(
        Object.entries(schema.properties).map(([key, inner]) => [key, expensive[key] ? fc.oneof(expensive[key], garbage) : fromSchema(inner, depth + 1)]),
      );
      return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    default:
      return garbage;
  }
}

const jsonSchema = (schema: z.ZodType | undefined): Json | undefined =>
  schema ? (z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json) : undefined;
const samples: Record<string, string[]> = {
  layer: ['districts', 'communities', 'grid_cells', 'incidents'],
  code: ['210103', '210103001'],
  z: ['0', '8'],
  x: ['0'],
  y: ['0'],
};
const text = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));

interface Probe {
  key: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

/** A request to one route: path parameters, query and body from its declaration. */
function probe(route: Declared): fc.Arbitrary<Probe> {
  const names = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const param = (name: string) =>
    fc.oneof(fc.constantFrom(...(samples[name] ?? ['x'])), fc.string({ minLength: 1, maxLength: 12 }), fc.integer({ min: 1e9, max: 2 ** 31 - 1 }).map(String));
  const params = fc.tuple(...names.map(param));
  const query = route.spec.query ? fromSchema(jsonSchema(route.spec.query)) : fc.constant({});
  const body = route.spec.body ? fromSchema(jsonSchema(route.spec.body)) : fc.constant(undefined);
  const raw = fc.option(fc.oneof(fc.constant('{'), fc.constant('[]'), fc.constant('null'), fc.string({ maxLength: 20 })), { freq: 8 });
  return fc.record({ params, query, body, raw }).map(({ params: values, query: q, body: b, raw: r }) => {
    let index = 0;
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?\??/g, () => encodeURIComponent(values[index++] ?? 'x')).replace(/\*/g, 'x');
    const queryObject = q !== null && typeof q === 'object' && !Array.isArray(q) ? q : { q };
    const queryStrings = Object.fromEntries(Object.entries(queryObject).map(([key, value]) => [key, text(value)]));
    return { key: `${route.method} ${route.path}`, path, query: queryStrings, body: b, ...(r === null ? {} : { rawBody: r }) };
  });
}

const byKey = new Map(declared.map((route) => [`${route.method} ${route.path}`, route]));

async function send({ key, path, query, body, rawBody }: Probe, headers: Record<string, string>) {
  const route = byKey.get(key)!;
  const url = `${path}?${new URLSearchParams(query).toString()}`;
  const init: RequestInit = { method: route.method, headers: { ...headers } };
  if (route.method !== 'GET' && route.method !== 'HEAD') {
    const type = route.spec.bodyType ?? 'application/json';
    const fields =
      body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.fromEntries(Object.entries(body).map(([k, v]) => [k, text(v)])) : {};
    if (type === 'multipart/form-data') {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      init.body = form;
    } else if (type === 'application/x-www-form-urlencoded') {
      init.body = new URLSearchParams(fields).toString();
      (init.headers as Record<string, string>)['content-type'] = type;
    } else {
      init.body = rawBody ?? JSON.stringify(body ?? {});
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
  }
  return app.request(url, init);
}

const timing = new Map<string, number>();
const georeportErrors = z.array(z.object({ code: z.number(), description: z.string() })).min(1);

beforeAll(async () => {
  for (const table of owned) {
    before[table] = (await database.pool.query<{ n: number }>(`SELECT coalesce(max(id), 0)::bigint AS n FROM ${table}`)).rows[0]!.n;
  }
  for (const role of ['admin', 'planner'] as const) {
    const account = await createAccount(database, { role }, 'fuzz');
    accounts.push(account);
    callers[role] = account.bearer;
  }
});
afterAll(async () => {
  for (const table of owned) await database.pool.query(`DELETE FROM ${table} WHERE id > $1`, [before[table]]);
  await removeAccounts(database, accounts);
  await database.close();
});

describe('contract fuzz', () => {
  it('answers generated requests to every declared route without a 5xx, with the error shape and the field at fault', async () => {
    expect(declared.length).toBeGreaterThan(40);
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...declared).chain(probe), async (request) => {
        const route = byKey.get(request.key)!;
        seen.add(request.key);
        const headers = route.spec.access.roles.includes('admin') ? callers.admin! : callers.planner!;
        const started = performance.now();
        const res = await send(request, headers);
        const ms = performance.now() - started;
        if (process.env.FUZZ_TIMING) timing.set(request.key, Math.max(timing.get(request.key) ?? 0, ms));
        const where = `${route.method} ${request.path} ${JSON.stringify(request.query)} ${request.rawBody ?? JSON.stringify(request.body)}`.slice(0, 400);
        const answer = await res.text();
        expect(res.status, `${where} → ${answer.slice(0, 300)}`).toBeLessThan(500);
        if (res.status < 400) return;
        if (route.path.startsWith('/open311')) {
          if (!route.path.endsWith('.xml') && !request.path.endsWith('.xml'))
            expect(georeportErrors.safeParse(JSON.parse(answer)).success, `${where} → ${answer}`).toBe(true);
          return;
        }
        const parsed = errorResponseSchema.safeParse(JSON.parse(answer));
        expect(parsed.success, `${where} → ${answer.slice(0, 300)}`).toBe(true);
        const error = parsed.data!.error;
        // a value that does not fit its declaration (or holds a control character) is named
        if (res.status === 400 && ['invalid_request', 'invalid_characters'].includes(error.code)) {
          expect(error.field, `${where} → ${answer.slice(0, 300)}`).toBeTruthy();
        }
      }),
      { seed: 1313, numRuns: Number(process.env.FUZZ_RUNS ?? 400), endOnFailure: true },
    );
    if (process.env.FUZZ_TIMING) console.log([...timing].sort((a, b) => b[1] - a[1]).slice(0, 15));
    // the sample reached (nearly) every route
    expect(seen.size).toBeGreaterThan(declared.length * 0.9);
  }, 240_000);
});

describe('values a contract let through to PostgreSQL', () => {
  it('answers an impossible calendar date with 400 naming it (it was a 500 from the date cast)', async () => {
    const res = await app.request('/api/layers/incidents/density?from=5811-24-43');
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe('from');
  });
});
