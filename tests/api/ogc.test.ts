import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { maskName } from '../../server/access/mask.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { IA, IB, iclear, igrids, iincidents, insertInteropFixture, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let admin: TestAccount;
let commanderA: TestAccount;

beforeAll(async () => {
  await insertInteropFixture(database);
  admin = await createAccount(database, { role: 'admin' }, 'ogc');
  commanderA = await createAccount(database, { role: 'commander', scopeCode: IA.district }, 'ogc');
});
afterAll(async () => {
  await removeAccounts(database, [admin, commanderA].filter(Boolean));
  await removeInteropFixture(database);
  await database.close();
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  const res = await app.request(`http://localhost${path}`, { headers });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json };
};
type Feature = { id: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> };
const codes = (body: { features: Feature[] }) => body.features.map((f) => f.id);
const boxA = 'bbox=125.0,42.0,125.02,42.02';

describe('OGC API – Features: landing, conformance, collections', () => {
  it('links the landing page to the API definition, conformance and data', async () => {
    const { status, json } = await get('/ogc');
    expect(status).toBe(200);
    const rels = json.links.map((l: { rel: string }) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'alternate', 'service-desc', 'service-doc', 'conformance', 'data']));
    expect(json.links.find((l: { rel: string }) => l.rel === 'data').href).toBe('http://localhost/ogc/collections');
  });

  it('declares Core, GeoJSON, HTML and CRS conformance', async () => {
    const { json } = await get('/ogc/conformance');
    expect(json.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
      ]),
    );
  });

  it('lists the public layers for everyone and incidents only for staff, with CRS lists', async () => {
    const open = await get('/ogc/collections');
    expect(open.json.collections.map((c: { id: string }) => c.id)).toEqual(['districts', 'streets', 'communities', 'grid_cells', 'compounds', 'sites']);
    const staff = await get('/ogc/collections', admin.bearer);
    const incidents = staff.json.collections.find((c: { id: string }) => c.id === 'incidents');
    expect(incidents.extent.temporal.interval[0]).toHaveLength(2);
    expect(incidents.crs).toEqual(expect.arrayContaining(['http://www.opengis.net/def/crs/EPSG/0/4490', 'http://www.opengis.net/def/crs/EPSG/0/3857']));
    expect((await get('/ogc/collections/incidents')).status).toBe(401);
    expect((await get('/ogc/collections/nope')).status).toBe(404);
  });

  it('serves HTML to browsers and for f=html', async () => {
    const page = await get(`/ogc/collections/grid_cells/items?${boxA}`, { accept: 'text/html,application/xhtml+xml' });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('互通网格一');
    expect((await get('/ogc/collections?f=html')).text).toContain('网格 Grid cells');
  });
});

describe('OGC API – Features: items', () => {
  it('filters by bbox and pages with limit and next links', async () => {
    const first = await get(`/ogc/collections/grid_cells/items?${boxA}&limit=1`);
    expect(first.headers.get('content-type')).toContain('application/geo+json');
    expect(first.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    expect(codes(first.json)).toEqual([igrids.a1]);
    expect(first.json.numberReturned).toBe(1);
    const next = first.json.links.find((l: { rel: string }) => l.rel === 'next');
    const second = await get(new URL(next.href).pathname + new URL(next.href).search);
    expect(codes(second.json)).toEqual([igrids.a2]);
    const last = await get(`/ogc/collections/grid_cells/items?${boxA}&limit=2`);
    expect(last.json.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false);
  });

  it('filters by properties and refuses unknown parameters and bad values, naming them', async () => {
    const villages = await get('/ogc/collections/communities/items?kind=village&parent_code=' + IB.street);
    expect(codes(villages.json)).toEqual([IB.community]);
    const big = await get(`/ogc/collections/grid_cells/items?${boxA}&households=410`);
    expect(codes(big.json)).toEqual([igrids.a2]);
    for (const [query, field] of [
      ['colour=red', 'colour'],
      ['bbox=1,2,3', 'bbox'],
      ['households=many', 'households'],
      ['crs=EPSG:2000', 'crs'],
      ['datetime=yesterday', 'datetime'],
      ['limit=0', 'limit'],
    ]) {
      const res = await get(`/ogc/collections/grid_cells/items?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.field, query).toBe(field);
    }
  });

  it('answers in EPSG:4326 (lat/lon), EPSG:4490 and EPSG:3857 and takes a bbox in another CRS', async () => {
    const lonLat = await get('/ogc/collections/compounds/items/' + IA.community + 'C001');
    expect(lonLat.json.geometry.coordinates).toEqual([125.004, 42.004]);
    const latLon = await get(`/ogc/collections/compounds/items/${IA.community}C001?crs=http://www.opengis.net/def/crs/EPSG/0/4326`);
    expect(latLon.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/4326>');
    expect(latLon.json.geometry.coordinates).toEqual([42.004, 125.004]);
    const cgcs = await get(`/ogc/collections/compounds/items/${IA.community}C001?crs=EPSG:4490`);
    expect(cgcs.json.geometry.coordinates).toEqual([42.004, 125.004]);
    const mercator = await get(`/ogc/collections/compounds/items/${IA.community}C001?crs=EPSG:3857`);
    const [x, y] = mercator.json.geometry.coordinates;
    expect(x).toBeCloseTo(13915381.63, 1);
    expect(y).toBeCloseTo(5161578.64, 1);
    const inMercator = await get(`/ogc/collections/compounds/items?bbox=${x - 50},${y - 50},${x + 50},${y + 50}&bbox-crs=EPSG:3857`);
    expect(codes(inMercator.json)).toEqual([`${IA.community}C001`]);
    const inLatLon = await get('/ogc/collections/compounds/items?bbox=42.0,125.0,42.02,125.02&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326');
    expect(codes(inLatLon.json)).toEqual([`${IA.community}C001`]);
  });

  it('never serves site contacts', async () => {
    const sites = await get('/ogc/collections/sites/items?bbox=125,42,125.06,42.02', admin.bearer);
    expect(codes(sites.json)).toEqual(['IO-S-A1', 'IO-S-B1']);
    expect(sites.text).not.toContain(iclear.contact);
    expect(sites.text).not.toContain(maskName(iclear.contact));
  });
});

describe('OGC API – Features: incidents', () => {
  it("needs a staff login, keeps to the caller's area and masks the reporter", async () => {
    expect((await get('/ogc/collections/incidents/items')).status).toBe(401);
    const mine = await get('/ogc/collections/incidents/items?bbox=125,42,125.06,42.02', commanderA.bearer);
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(codes(mine.json)).toEqual([iincidents.a1, iincidents.a2]);
    expect(mine.json.features[0].properties.reporter_name).toBe(maskName(iclear.names[0]!));
    for (const value of [...iclear.names, ...iclear.phones]) expect(mine.text).not.toContain(value);
    expect((await get(`/ogc/collections/incidents/items/${iincidents.b1}`, commanderA.bearer)).status).toBe(404);
    const all = await get('/ogc/collections/incidents/items?bbox=125,42,125.06,42.02', admin.bearer);
    expect(codes(all.json)).toEqual([iincidents.a1, iincidents.a2, iincidents.b1]);
  });

  it('filters incidents by datetime (reported_at) and status', async () => {
    const since = new Date(Date.now() - 1.5 * 86_400_000).toISOString();
    const recent = await get(`/ogc/collections/incidents/items?bbox=125,42,125.06,42.02&datetime=${since}/..`, admin.bearer);
    expect(codes(recent.json)).toEqual([iincidents.a1]);
    const closed = await get(`/ogc/collections/incidents/items?district_code=${IA.district}&status=closed`, admin.bearer);
    expect(codes(closed.json)).toEqual([iincidents.a2]);
    const bad = await get('/ogc/collections/incidents/items?datetime=yesterday', admin.bearer);
    expect(bad.json.error.field).toBe('datetime');
  });
});
