/**
 * Every route in `app.routes` answers only what the OpenAPI document says: real requests (the probes
 * in tests/support/openapi-probes.ts for success and chosen errors, plus every route as an anonymous
 * caller, and as an admin where sample parameters make it answer an error) are checked with Ajv
 * against the document. A route with no validated success answer must be named in `notProbed` with
 * a reason.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyone } from '../../core/access/roles.ts';
import type { AppEnv } from '../../server/context.ts';
import { declareRoute, mount } from '../../server/routes/declare.ts';
import { openApiDocument } from '../../server/routes/openapi/openapi-document.ts';
import { createApp } from '../../server/app.ts';
import { endpoints } from '../../server/access/routes.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, type Session, type TestAccount } from '../support/accounts.ts';
import { A, insertAccessFixture, removeAccessFixture, workers } from '../support/access-fixture.ts';
import { bodyText, responseChecker, type OpenApiDoc } from '../support/openapi-check.ts';
import { basemapFile, notProbed, probes, state, type Caller, type Probe } from '../support/openapi-probes.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const basemapApp = createApp({ database, env: testEnv({ BASEMAP_PMTILES: basemapFile }) });
const accounts: TestAccount[] = [];
const headers: Partial<Record<Caller, Record<string, string>>> = { public: {} };
let session: Session;
let doc: OpenApiDoc;
const samples: Record<string, string> = { id: '2147483000', code: A.district, layer: 'districts', z: '0', x: '0', y: '0', day: '2026-01-01' };
const concrete = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?\??/g, (_m, name: string) => samples[name] ?? 'x');

beforeAll(async () => {
  await insertAccessFixture(database);
  const specs = {
    admin: { role: 'admin' },
    commanderA: { role: 'commander', scopeCode: A.district },
    workerA1: { role: 'grid_worker', scopeCode: A.community1, workerCode: workers.a1 },
    planner: { role: 'planner' },
  } as const;
  for (const [name, spec] of Object.entries(specs)) {
    const account = await createAccount(database, spec, 'openapi');
    accounts.push(account);
    headers[name as Caller] = account.bearer;
  }
  state.admin = accounts[0]!.username;
  session = await login(app, accounts[0]!.username);
  headers.session = session.headers(true);
  doc = (await (await app.request('/api/openapi.json')).json()) as OpenApiDoc;
});
afterAll(async () => {
  await database.pool.query(`DELETE FROM users WHERE username LIKE 'openapi-%'`);
  await database.pool.query(`DELETE FROM incidents WHERE description LIKE 'OpenAPI 响应测试%'`).catch(() => undefined);
  await removeAccounts(database, accounts);
  await removeAccessFixture(database);
  await database.close();
});

async function send(probe: Probe) {
  const [method, route] = probe.route.split(' ') as [string, string];
  const path = typeof probe.path === 'function' ? probe.path() : (probe.path ?? concrete(route));
  const body = typeof probe.body === 'function' ? (probe.body as () => unknown)() : probe.body;
  const raw = body instanceof FormData || body instanceof URLSearchParams;
  const init: RequestInit = {
    method,
    headers: { ...headers[probe.as], ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}), ...probe.headers },
    ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}),
  };
  if (raw && init.headers) delete (init.headers as Record<string, string>)['content-type'];
  const res = await (probe.basemap ? basemapApp : app).request(path, init);
  return { method, route, path, status: res.status, type: res.headers.get('content-type'), text: await bodyText(res) };
}

describe('real responses match the OpenAPI document', () => {
  it('documents every answer of the probes, and each probe gets the status it expects', async () => {
    const checker = responseChecker(doc);
    const failures: string[] = [];
    const succeeded = new Set<string>();
    for (const probe of probes) {
      const answer = await send(probe);
      const problems = checker.check(answer.method, answer.route, answer.status, answer.type, answer.text);
      const wanted = probe.expect === undefined ? answer.status >= 200 && answer.status < 300 : answer.status === probe.expect;
      if (!wanted) problems.push(`expected ${probe.expect ?? '2xx'}, got ${answer.status}: ${answer.text.slice(0, 160)}`);
      if (problems.length) failures.push(`${answer.method} ${answer.path} as ${probe.as} → ${answer.status}: ${problems.join('; ')}`);
      else if (answer.status < 300) succeeded.add(probe.route);
      if (answer.status < 300 && probe.save) probe.save(JSON.parse(answer.text) as Record<string, unknown>);
    }
    expect(failures).toEqual([]);
    const routes = endpoints(app).map((e) => `${e.method} ${e.path}`);
    const unprobed = routes.filter((route) => !succeeded.has(route) && !(route in notProbed));
    expect(unprobed, 'routes without a validated success answer: probe them or list them in notProbed with a reason').toEqual([]);
    expect(Object.keys(notProbed).filter((route) => !routes.includes(route) || succeeded.has(route))).toEqual([]);
  }, 120_000);

  it('documents what every route answers an anonymous caller and an admin with sample parameters', async () => {
    const checker = responseChecker(doc);
    const failures: string[] = [];
    // the event stream is held open (probed above); an admin DELETE with sample parameters could remove real
    // rows; an admin GET without parameters only repeats its probe's success (and may compute a whole city)
    const asAdmin = (e: { method: string; path: string }) => e.method !== 'DELETE' && (e.method !== 'GET' || e.path.includes(':'));
    const calls = endpoints(app)
      .filter((e) => e.method !== 'ALL' && e.path !== '/api/live')
      .flatMap((e) => (['public', 'admin'] as const).filter((as) => as === 'public' || asAdmin(e)).map((as) => ({ e, as })));
    // four at a time: the answers are independent, and the run stays short
    for (let i = 0; i < calls.length; i += 4) {
      await Promise.all(
        calls.slice(i, i + 4).map(async ({ e, as }) => {
          const answer = await send({ route: `${e.method} ${e.path}`, as, ...(e.method === 'GET' ? {} : { body: {} }) });
          const problems = checker.check(answer.method, answer.route, answer.status, answer.type, answer.text);
          if (problems.length) failures.push(`${answer.method} ${answer.path} as ${as} → ${answer.status}: ${problems.join('; ')}`);
        }),
      );
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('fails on an answer the document does not describe', () => {
    const checker = responseChecker(doc);
    // a status the route never documents, a media type it does not serve, a body of the wrong shape
    expect(checker.check('GET', '/api/health', 418, 'application/json', '{}')).toEqual([expect.stringContaining('status 418 is not documented')]);
    expect(checker.check('GET', '/api/health', 200, 'text/html', '<p>')).toEqual([expect.stringContaining('media type text/html')]);
    expect(checker.check('GET', '/api/health', 200, 'application/json', '{"status":"ok"}')[0]).toMatch(/required/);
    expect(checker.check('GET', '/api/health', 200, 'application/json', '{"status":"ok","database":"embedded","postgis":"3","extra":1}')[0]).toMatch(
      /additional/,
    );
    expect(checker.check('DELETE', '/api/admin/tokens/:id', 204, null, 'x')).toEqual([expect.stringContaining('documents no body')]);
    expect(checker.check('GET', '/nowhere', 200, 'application/json', '{}')).toEqual([expect.stringContaining('not in the document')]);
  });

  it('catches a route whose handler drifts from its declaration, end to end', async () => {
    // declared: {count: integer}; answered: a string count, and a 202 nobody declared
    const drifting = new Hono<AppEnv>();
    const route = declareRoute({
      method: 'get',
      path: '/drift',
      summary: 'drift',
      access: { roles: everyone },
      response: z.object({ count: z.number().int() }),
    });
    mount(drifting, route, (c) => (c.req.query('accepted') ? c.json({ count: 1 }, 202) : c.json({ count: 'one' })));
    const checker = responseChecker(openApiDocument(drifting) as OpenApiDoc);
    for (const [path, expected] of [
      ['/drift', /body \/count must be integer/],
      ['/drift?accepted=1', /status 202 is not documented/],
    ] as const) {
      const res = await drifting.request(path);
      expect(checker.check('GET', '/drift', res.status, res.headers.get('content-type'), await res.text()).join()).toMatch(expected);
    }
  });
});
