import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { IA, iincidents, insertInteropFixture, ipoints, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let commanderA: TestAccount;
let planner: TestAccount;
const keyOf = (account: TestAccount) => account.bearer.authorization!.replace('Bearer ', '');

beforeAll(async () => {
  await insertInteropFixture(database);
  commanderA = await createAccount(database, { role: 'commander', scopeCode: IA.district }, 'o311');
  planner = await createAccount(database, { role: 'planner' }, 'o311');
});
afterAll(async () => {
  await removeAccounts(database, [commanderA, planner].filter(Boolean));
  await removeInteropFixture(database);
  await database.close();
});

async function call(path: string, init: RequestInit = {}) {
  const res = await app.request(`http://localhost${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text,
    json: text.startsWith('[') || text.startsWith('{') ? JSON.parse(text) : undefined,
  };
}
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
const [lonA, latA] = ipoints.a1;
const report = (extra: Record<string, string> = {}) => ({
  api_key: keyOf(commanderA),
  service_code: 'city_management',
  lat: String(latA),
  long: String(lonA),
  description: '路灯不亮',
  address_string: '互通街道1号',
  last_name: '王',
  first_name: '小明',
  phone: '13800001111',
  ...extra,
});

describe('Open311 services', () => {
  it('lists the incident categories as services, in JSON and XML', async () => {
    const json = await call('/open311/v2/services.json');
    expect(json.status).toBe(200);
    const dispute = json.json.find((s: { service_code: string }) => s.service_code === 'dispute');
    expect(dispute).toMatchObject({ service_name: '矛盾纠纷', metadata: true, type: 'realtime', group: 'dispute' });
    expect(json.json.find((s: { service_code: string }) => s.service_code === 'theft').metadata).toBe(false);
    const xml = await call('/open311/v2/services.xml');
    expect(xml.type).toContain('text/xml');
    expect(xml.text).toMatch(
      /^<\?xml version="1\.0" encoding="utf-8"\?><services><service><service_code>dispute<\/service_code><service_name>矛盾纠纷<\/service_name>/,
    );
  });

  it('defines a dispute service with its dispute_type values; an unknown service is a 404 in the GeoReport error format', async () => {
    const definition = await call('/open311/v2/services/dispute.json');
    expect(definition.json.attributes[0]).toMatchObject({ code: 'dispute_type', datatype: 'singlevaluelist', required: true });
    expect(definition.json.attributes[0].values).toContainEqual({ key: 'neighbour', name: '邻里 Neighbours' });
    const xml = await call('/open311/v2/services/dispute.xml');
    expect(xml.text).toContain('<service_definition><service_code>dispute</service_code><attributes><attribute><variable>true</variable>');
    const unknown = await call('/open311/v2/services/nope.json');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual([{ code: 404, description: expect.stringContaining('nope') }]);
    expect((await call('/open311/v2/services/nope.xml')).text).toMatch(
      /<errors><error><code>404<\/code><description>.*nope.*<\/description><\/error><\/errors>/,
    );
  });
});

describe('Open311 POST requests', () => {
  it('creates an incident through the workflow and follows it by id', async () => {
    const created = await post('/open311/v2/requests.json', report());
    expect(created.status, created.text).toBe(201);
    const id = created.json[0].service_request_id as string;
    expect(id).toMatch(/^SJ\d{16}$/);
    const row = await database.pool.query(`SELECT source, status, reporter_name, grid_code, description FROM incidents WHERE code = $1`, [id]);
    expect(row.rows[0]).toMatchObject({ source: 'hotline', status: 'reported', reporter_name: '王小明', grid_code: '96010000100101' });
    expect(row.rows[0].description).toContain('互通街道1号');
    const events = await database.pool.query(`SELECT action FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.code = $1`, [id]);
    expect(events.rows).toEqual([{ action: 'report' }]);
    const followed = await call(`/open311/v2/requests/${id}.json?api_key=${keyOf(commanderA)}`);
    expect(followed.json[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: 'city_management', lat: latA, long: lonA });
    expect(followed.json[0].status_notes).toContain('上报 Reported');
    expect(followed.text).not.toContain('王小明');
    const xml = await call(`/open311/v2/requests/${id}.xml`, { headers: commanderA.bearer });
    expect(xml.text).toContain(`<service_requests><request><service_request_id>${id}</service_request_id><status>open</status>`);
  });

  it('is idempotent with an Idempotency-Key and accepts a dispute with its attribute', async () => {
    const headers = { 'idempotency-key': `o311-${Date.now()}` };
    const fields = report({ service_code: 'dispute', 'attribute[dispute_type]': 'neighbour' });
    const first = await post('/open311/v2/requests.xml', fields, headers);
    expect(first.status, first.text).toBe(201);
    const again = await post('/open311/v2/requests.xml', fields, headers);
    expect(again.status).toBe(200);
    const id = /<service_request_id>(\w+)<\/service_request_id>/.exec(first.text)![1];
    expect(again.text).toContain(`<service_request_id>${id}</service_request_id>`);
  });

  it('refuses a missing or wrong key, an unknown service and a bad location, naming the field', async () => {
    const { api_key: _k, ...anonymous } = report();
    const cases: [Record<string, string>, number, RegExp][] = [
      [anonymous, 401, /login required/],
      [report({ api_key: 'pgt_not-a-key' }), 401, /api_key/],
      [report({ api_key: keyOf(planner) }), 403, /planner/],
      [report({ service_code: 'parking' }), 400, /service_code: unknown service "parking"/],
      [report({ service_code: 'dispute' }), 400, /attribute\[dispute_type\] is required/],
      [report({ lat: 'north' }), 400, /^lat: /],
      [report({ long: '190' }), 400, /long must be between -180 and 180/],
      [report({ lat: String(ipoints.outside[1]), long: String(ipoints.outside[0]) }), 400, /lat\/long: .* no grid cell/],
      [report({ phone: 'call me' }), 400, /^phone: /],
    ];
    for (const [fields, status, message] of cases) {
      const res = await post('/open311/v2/requests.json', fields);
      expect(res.status, JSON.stringify(fields)).toBe(status);
      expect(res.json[0].code).toBe(status);
      expect(res.json[0].description).toMatch(message);
    }
  });
});

describe('Open311 GET requests', () => {
  const list = async (query: string) => call(`/open311/v2/requests.json?api_key=${keyOf(commanderA)}&${query}`);
  const fixtureIds = (body: { service_request_id: string }[]) =>
    body
      .map((r) => r.service_request_id)
      .filter((id) => id.startsWith('IO-'))
      .sort();

  it("lists the last 90 days in the key owner's area, with open/closed and the detail in status_notes", async () => {
    const all = await list('');
    expect(all.status).toBe(200);
    expect(fixtureIds(all.json)).toEqual([iincidents.a1, iincidents.a2]);
    const closed = all.json.find((r: { service_request_id: string }) => r.service_request_id === iincidents.a2);
    expect(closed).toMatchObject({ status: 'closed', service_name: '消防隐患', address: '互通社区（互通街道）' });
    expect(closed.status_notes).toContain('结案 Closed');
    expect(closed.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  });

  it('filters by status, service_code, ids and date range, and enforces the 90-day span', async () => {
    expect(fixtureIds((await list('status=closed')).json)).toEqual([iincidents.a2]);
    expect(fixtureIds((await list('status=open&service_code=city_management')).json)).toEqual([iincidents.a1]);
    expect(fixtureIds((await list(`service_request_id=${iincidents.a2},${iincidents.b1}`)).json)).toEqual([iincidents.a2]);
    const start = new Date(Date.now() - 1.5 * 86_400_000).toISOString();
    expect(fixtureIds((await list(`start_date=${start}`)).json)).toEqual([iincidents.a1]);
    const old = await list('start_date=2020-01-01T00:00:00Z&end_date=2020-06-01T00:00:00Z');
    expect(old.status).toBe(400);
    expect(old.json[0].description).toMatch(/90 days/);
    expect((await list('status=pending')).status).toBe(400);
    expect((await call(`/open311/v2/requests/${iincidents.b1}.json?api_key=${keyOf(commanderA)}`)).status).toBe(404);
    expect((await call('/open311/v2/requests.json')).status).toBe(401);
  });
});
