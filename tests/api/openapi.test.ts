import { afterAll, describe, expect, it } from 'vitest';
import { compileErrors, validate } from '@readme/openapi-parser';
import { createApp } from '../../server/app.ts';
import { endpoints } from '../../server/access/routes.ts';
import { openApiPath } from '../../server/routes/openapi/openapi-document.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { launchBrowser, serveApp, skipBrowser } from '../support/browser.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
afterAll(() => database.close());

type Operation = {
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, unknown>;
  security: unknown[];
  'x-access': { roles: string[] };
};
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};
const load = async () => (await (await app.request('/api/openapi.json')).json()) as Doc;

describe('OpenAPI 3.1 document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await load();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('is offered as OpenAPI 3.0 where the OGC landing page says, with the media type clients look for', async () => {
    const landing = (await (await app.request('/ogc')).json()) as { links: { href: string; rel: string; type: string }[] };
    const link = landing.links.find((l) => l.rel === 'service-desc' && l.type === 'application/vnd.oai.openapi+json;version=3.0')!;
    const res = await app.request(new URL(link.href).pathname + new URL(link.href).search);
    expect(res.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    const doc = (await res.json()) as Doc & { servers: { url: string }[] };
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.servers[0]!.url).toBe(new URL(link.href).origin);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    const conformance = (await (await app.request('/ogc/conformance')).json()) as { conformsTo: string[] };
    expect(conformance.conformsTo).toEqual(
      expect.arrayContaining(['oas30', 'html', 'geojson'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`)),
    );
  });

  it('covers every route the app registers, with its access policy', async () => {
    const doc = await load();
    const missing: string[] = [];
    for (const endpoint of endpoints(app)) {
      if (endpoint.method === 'ALL') continue;
      const operation = doc.paths[openApiPath(endpoint.path).path]?.[endpoint.method.toLowerCase()];
      if (!operation) missing.push(`${endpoint.method} ${endpoint.path}`);
      else expect(operation['x-access'].roles).toEqual([...endpoint.policy!.roles]);
    }
    expect(missing).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
  });

  it('describes requests with the schemas that validate them', async () => {
    const doc = await load();
    const report = doc.paths['/api/incidents']!.post!;
    const ref = report.requestBody!.content['application/json']!.schema.$ref;
    expect(ref).toBe('#/components/schemas/CreateIncident');
    expect(Object.keys(doc.components.schemas.CreateIncident!.properties!)).toEqual(expect.arrayContaining(['category', 'location', 'idempotencyKey']));
    const list = doc.paths['/api/incidents']!.get!;
    expect(list.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['area', 'status', 'cursor', 'limit']));
    const items = doc.paths['/ogc/collections/{collectionId}/items']!.get!;
    expect(items.parameters!.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:collectionId', 'query:bbox', 'query:crs', 'query:limit']));
    expect(doc.paths['/api/incidents']!.get!.security).not.toContainEqual({});
    expect(doc.paths['/ogc']!.get!.security).toContainEqual({});
    // answers besides the success: a 201 is a 201, a replay 200; Open311 errors are GeoReport lists and take api_key
    expect(Object.keys(doc.paths['/api/incidents']!.post!.responses)).toEqual(expect.arrayContaining(['201', '200', '400', '401', '403', '409', '413']));
    const open311 = doc.paths['/open311/v2/requests.json']!.post!;
    expect(JSON.stringify((open311.responses as Record<string, unknown>)['400'])).toContain('#/components/schemas/Open311Errors');
    expect(open311.security).toContainEqual({ apiKey: [] });
  });
});

describe('API documentation page', () => {
  it('serves Swagger UI from the app itself, no outside URL', async () => {
    const page = await (await app.request('/api/docs')).text();
    const urls = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(urls.every((url) => url.startsWith('/'))).toBe(true);
    for (const url of urls.filter((u) => u.startsWith('/api/docs/'))) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect((await res.arrayBuffer()).byteLength, url).toBeGreaterThan(50);
    }
    expect((await app.request('/api/docs/../../package.json')).status).toBe(404);
    expect((await app.request('/api/docs/secret.js')).status).toBe(404);
  });
});

describe.skipIf(skipBrowser)('API documentation page in Chromium', () => {
  it('renders every operation under the CSP without any outside request', async () => {
    const server = await serveApp(database);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const outside: string[] = [];
      const problems: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) outside.push(request.url());
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${server.url}/api/docs`);
      await page.waitForSelector('.opblock', { timeout: 30_000 });
      const operations = await page.locator('.opblock').count();
      const doc = (await (await app.request('/api/openapi.json')).json()) as Doc;
      const expected = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
      expect(operations).toBe(expected);
      expect(await page.locator('.opblock-summary-path').first().textContent()).toMatch(/^\//);
      expect(outside).toEqual([]);
      expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
