import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { lonLatToTile } from '../../db/tiles/tile-math.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { IA, igrids, iincidents, insertInteropFixture, ipoints, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let admin: TestAccount;

beforeAll(async () => {
  await insertInteropFixture(database);
  admin = await createAccount(database, { role: 'admin' }, 'ogcedge');
});
afterAll(async () => {
  await removeAccounts(database, [admin].filter(Boolean));
  await removeInteropFixture(database);
  await database.close();
});

type Link = { rel: string; href: string; type?: string };
const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await app.request(`http://localhost${path}`, { headers });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, json };
};
const codes = (body: { features: { id: string }[] }) => body.features.map((f) => f.id);
const link = (body: { links: Link[] }, rel: string) => body.links.find((l) => l.rel === rel);
const follow = (href: string) => new URL(href).pathname + new URL(href).search;
const boxA = 'bbox=125.0,42.0,125.02,42.02';

describe('OGC API – Features: what OWSLib and QGIS ask for', () => {
  it('answers /ogc/ and /ogc/collections/ like /ogc and /ogc/collections', async () => {
    const [plain, slash] = [await get('/ogc'), await get('/ogc/')];
    expect(slash.status).toBe(200);
    expect(slash.json.title).toBe(plain.json.title);
    expect(link(slash.json, 'data')!.href).toBe('http://localhost/ogc/collections');
    const collections = await get('/ogc/collections/');
    expect(collections.status).toBe(200);
    expect(collections.json.collections.map((c: { id: string }) => c.id)).toContain('grid_cells');
  });

  it('offers the API definition under the OpenAPI 3.0 media type clients look for, beside 3.1', async () => {
    const { json } = await get('/ogc/');
    const descs = json.links.filter((l: Link) => l.rel === 'service-desc').map((l: Link) => l.type);
    expect(descs).toEqual(expect.arrayContaining(['application/vnd.oai.openapi+json;version=3.0', 'application/vnd.oai.openapi+json;version=3.1']));
    const conformance = (await get('/ogc/conformance')).json.conformsTo;
    for (const cls of ['core', 'geojson', 'html']) expect(conformance).toContain(`http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${cls}`);
  });

  it('accepts datetime on a collection without time, ignores it and says so in its metadata', async () => {
    const all = await get(`/ogc/collections/grid_cells/items?${boxA}`);
    const dated = await get(`/ogc/collections/grid_cells/items?${boxA}&datetime=2024-01-01/2024-02-01`);
    expect(dated.status).toBe(200);
    expect(codes(dated.json)).toEqual(codes(all.json));
    expect((await get('/ogc/collections/grid_cells')).json.description).toContain('datetime');
    expect((await get('/ogc/collections/grid_cells/items?datetime=yesterday')).json.error.field).toBe('datetime');
  });

  it('pages with offset, with next and prev links that keep to offsets', async () => {
    const first = await get(`/ogc/collections/grid_cells/items?${boxA}&limit=1&offset=0`);
    expect(codes(first.json)).toEqual([igrids.a1]);
    expect(link(first.json, 'prev')).toBeUndefined();
    const next = link(first.json, 'next')!.href;
    expect(new URL(next).searchParams.get('offset')).toBe('1');
    const second = await get(follow(next));
    expect(codes(second.json)).toEqual([igrids.a2]);
    expect(second.json.numberReturned).toBe(1);
    expect(link(second.json, 'next')).toBeUndefined();
    expect(new URL(link(second.json, 'prev')!.href).searchParams.get('offset')).toBe('0');
    expect(codes((await get(`/ogc/collections/grid_cells/items?${boxA}&offset=5`)).json)).toEqual([]);
  });

  it('says how many features match on all pages (numberMatched), filters and scope included', async () => {
    const page = await get(`/ogc/collections/grid_cells/items?${boxA}&limit=1`);
    expect(page.json).toMatchObject({ numberMatched: 2, numberReturned: 1 });
    const filtered = await get(`/ogc/collections/grid_cells/items?bbox=125,42,125.06,42.02&code=${igrids.a2}`);
    expect(filtered.json.numberMatched).toBe(1);
    const incidents = await get('/ogc/collections/incidents/items?bbox=125,42,125.06,42.02&limit=1', admin.bearer);
    expect(incidents.json).toMatchObject({ numberMatched: 3, numberReturned: 1 });
  });

  it('pages incidents with offset in the caller’s scope', async () => {
    const page = await get('/ogc/collections/incidents/items?bbox=125,42,125.06,42.02&limit=1&offset=1', admin.bearer);
    expect(codes(page.json)).toEqual([iincidents.a2]);
    expect(link(page.json, 'prev')).toBeDefined();
  });

  it('refuses offset with after, a negative offset and one past the limit, naming offset', async () => {
    for (const query of [`offset=1&after=${igrids.a1}`, 'offset=-1', 'offset=abc', 'offset=10001']) {
      const res = await get(`/ogc/collections/grid_cells/items?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.field, query).toBe('offset');
    }
    const res = await get(`/ogc/collections/incidents/items?offset=1&after=x&district_code=${IA.district}`, admin.bearer);
    expect(res.json.error.field).toBe('offset');
  });
});

describe('vector tiles for GDAL: type and length', () => {
  it('names the MVT type on every tile and gives HEAD a Content-Length', async () => {
    const { x, y } = lonLatToTile(ipoints.a1[0], ipoints.a1[1], 14);
    const path = `/tiles/grid_cells/14/${x}/${y}`;
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.byteLength);
    const head = await app.request(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(Number(head.headers.get('content-length'))).toBe(body.byteLength);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const gz = await app.request(path, { method: 'HEAD', headers: { 'accept-encoding': 'gzip' } });
    expect(Number(gz.headers.get('content-length'))).toBeLessThan(body.byteLength);
    const empty = await app.request('/tiles/grid_cells/14/0/0');
    expect(empty.status).toBe(204);
    expect(empty.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  });
});
