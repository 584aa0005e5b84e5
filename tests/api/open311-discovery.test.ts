import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { IA, insertInteropFixture, ipoints, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ PUBLIC_URL: 'https://grid.example.gov.cn' }) });
let commanderA: TestAccount;
const keyOf = (account: TestAccount) => account.bearer.authorization!.replace('Bearer ', '');

beforeAll(async () => {
  await insertInteropFixture(database);
  commanderA = await createAccount(database, { role: 'commander', scopeCode: IA.district }, 'o311d');
});
afterAll(async () => {
  await removeAccounts(database, [commanderA].filter(Boolean));
  await removeInteropFixture(database);
  await database.close();
});

async function call(path: string, init: RequestInit = {}) {
  const res = await app.request(`http://localhost${path}`, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: /^[[{]/.test(text) ? JSON.parse(text) : undefined };
}
const post = (fields: Record<string, string>) =>
  call('/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: keyOf(commanderA), service_code: 'city_management', ...fields }).toString(),
  });
const [lon, lat] = ipoints.a1;

describe('Open311 discovery', () => {
  it('describes the GeoReport v2 endpoint in JSON, without a key', async () => {
    const { status, json } = await call('/open311/v2/discovery.json');
    expect(status).toBe(200);
    expect(json.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(json.contact).toBeTruthy();
    expect(json.key_service).toContain('api_key');
    expect(json.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: 'https://grid.example.gov.cn/open311/v2',
        changeset: json.changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ]);
  });

  it('describes it in XML with the spec’s element names', async () => {
    const { status, type, text } = await call('/open311/v2/discovery.xml');
    expect(status).toBe(200);
    expect(type).toContain('text/xml');
    expect(text).toContain('<discovery><changeset>');
    expect(text).toContain(
      '<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification><url>https://grid.example.gov.cn/open311/v2</url>',
    );
    expect(text).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');
  });
});

describe('Open311 POST: location and media', () => {
  it('places a report sent with an address alone at the place the address names', async () => {
    const shown = async (created: { json: { service_request_id: string }[] }) =>
      (await call(`/open311/v2/requests/${created.json[0]!.service_request_id}.json?api_key=${keyOf(commanderA)}`)).json[0];
    // a compound named in the address wins over the street around it; the house number names nothing
    const compound = await post({ address_string: '互通街道 互通小区3号楼', description: '路灯不亮 address' });
    expect(compound.status).toBe(201);
    expect(await shown(compound)).toMatchObject({ lat: 42.004, long: 125.004, address: expect.stringContaining('互通') });
    // a street alone: a point on its surface, inside the city's grid
    const street = await post({ address_string: '互通街道1号', description: '路灯不亮 street' });
    expect(street.status).toBe(201);
    const { lat: y, long: x } = await shown(street);
    expect(x).toBeGreaterThanOrEqual(125.0);
    expect(x).toBeLessThanOrEqual(125.02);
    expect(y).toBeGreaterThan(41.99);
  });

  it('answers an address it cannot place, or half a point, with the GeoReport error naming what is missing', async () => {
    const { rows: before } = await database.pool.query(`SELECT count(*)::int AS n FROM incidents`);
    const { status, json } = await post({ address_string: '无此地点路8号', description: '路灯不亮' });
    expect(status).toBe(400);
    expect(json).toEqual([{ code: 400, description: expect.stringMatching(/^address_string: lat and long required/) }]);
    expect(json[0].description).toContain('无此地点路8号');
    const onlyLat = await post({ lat: String(lat), address_string: '互通街道1号' });
    expect(onlyLat.json[0].description).toMatch(/^long required/);
    const nothing = await post({ description: '路灯不亮' });
    expect(nothing.json[0].description).toMatch(/^lat and long required/);
    const { rows: after } = await database.pool.query(`SELECT count(*)::int AS n FROM incidents`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('keeps a media_url and returns it with the request', async () => {
    const media = 'https://img.example.gov.cn/reports/lamp.jpg';
    const created = await post({ lat: String(lat), long: String(lon), description: '路灯不亮 media', media_url: media });
    expect(created.status).toBe(201);
    const id = created.json[0].service_request_id;
    const shown = await call(`/open311/v2/requests/${id}.json?api_key=${keyOf(commanderA)}`);
    expect(shown.json[0].media_url).toBe(media);
    expect(shown.json[0].description).toContain('路灯不亮 media');
  });

  it('refuses a media_url that is not an http(s) URL, naming it, and stores nothing', async () => {
    const { rows: before } = await database.pool.query(`SELECT count(*)::int AS n FROM incidents`);
    const bad = await post({ lat: String(lat), long: String(lon), media_url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.json[0].description).toMatch(/^media_url/);
    const { rows: after } = await database.pool.query(`SELECT count(*)::int AS n FROM incidents`);
    expect(after[0].n).toBe(before[0].n);
  });
});
