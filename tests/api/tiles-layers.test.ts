import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { FIXTURE_DISTRICT, fixtureGrids, insertFixtureIncidents, insertMapFixture, removeMapFixture } from '../support/map-fixture.ts';
import { areaCardSchema, coverageResponseSchema, gridWorkerContactSchema } from '../../core/contracts/map.ts';
import { decodeIncidentWire } from '../../core/contracts/map-wire.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const accounts: TestAccount[] = [];
let commander: TestAccount;
let otherCommander: TestAccount;
const grids = fixtureGrids();

beforeAll(async () => {
  await insertMapFixture(database);
  await insertFixtureIncidents(database, 12, grids[0]!.code);
  commander = await createAccount(database, { role: 'commander', scopeCode: FIXTURE_DISTRICT }, 'layers');
  otherCommander = await createAccount(database, { role: 'commander', scopeCode: '210103' }, 'layers');
  accounts.push(commander, otherCommander);
});
afterAll(async () => {
  await removeAccounts(database, accounts);
  await removeMapFixture(database);
  await database.close();
});

describe('area card', () => {
  it('gives name, parent chain, figures, sites and the masked grid worker', async () => {
    const grid = grids[0]!;
    const pub = areaCardSchema.parse(await (await app.request(`/api/layers/areas/${grid.code}`)).json());
    expect(pub).toMatchObject({ code: grid.code, name: grid.name, level: 'grid', households: 100, population: 250, volunteers: 1 });
    expect(pub.chain.map((c) => c.name)).toEqual(['测试区', '测试街道1', '测试社区1-1', grid.name]);
    expect(pub.worker).toMatchObject({ code: 'T-GW-990100001001', name: null, phone: null });
    const worker = await app.request(`/api/layers/areas/${grid.code}/worker`, { headers: commander.bearer });
    expect(gridWorkerContactSchema.parse(await worker.json())).toMatchObject({ name: '测*', phone: '138****0123' });
    expect((await app.request(`/api/layers/areas/${grid.code}/worker`)).status).toBe(401);
    expect((await app.request(`/api/layers/areas/${grid.code}/worker`, { headers: otherCommander.bearer })).status).toBe(404);

    const community = areaCardSchema.parse(await (await app.request('/api/layers/areas/990100001001')).json());
    expect(community).toMatchObject({ level: 'community', gridCount: 4, households: 100 + 101 + 102 + 103, siteCounts: { watch_post: 1 } });
    expect(community.sites[0]).toMatchObject({ code: 'T-WP-990100001001', kind: 'watch_post' });
  });

  it('answers a malformed code with 400 and an unknown one with 404, naming the field', async () => {
    const bad = await app.request('/api/layers/areas/12ab');
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(await bad.json()).error.field).toBe('code');
    const missing = await app.request('/api/layers/areas/990199');
    expect(missing.status).toBe(404);
  });
});

describe('incident layer', () => {
  it('sends signed-in callers every incident in their area as 10-byte binary rows', async () => {
    const res = await app.request('/api/layers/incidents?from=2019-01-01&to=2020-01-01', { headers: { ...commander.bearer, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const wire = decodeIncidentWire(new Uint8Array(gunzipSync(Buffer.from(await res.arrayBuffer()))).buffer);
    expect(wire.count).toBe(12);
    expect(wire.header.weighted).toBe(false);
    const [lon, lat] = [wire.positions[0]!, wire.positions[1]!];
    expect(lon).toBeGreaterThan(grids[0]!.box[0]);
    expect(lat).toBeLessThan(grids[0]!.box[3]);
    const category = wire.header.categories[wire.attributes[0]! >> 4];
    const status = wire.header.statuses[wire.attributes[0]! & 15];
    expect([category, status]).toEqual(['theft', 'reported']);
    expect(Array.from({ length: 12 }, (_, i) => wire.attributes[i * 2 + 1])).toEqual([12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15]);
  });

  it('filters by category and status in SQL and keeps other areas out', async () => {
    const res = await app.request('/api/layers/incidents?category=theft,dispute&status=closed', { headers: commander.bearer });
    const wire = decodeIncidentWire(await res.arrayBuffer());
    expect(wire.count).toBe(4); // n = 1, 3, 7, 9 → theft/dispute with odd n
    const other = decodeIncidentWire(await (await app.request('/api/layers/incidents', { headers: otherCommander.bearer })).arrayBuffer());
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM incidents WHERE district_code = '210103'`);
    expect(other.count).toBe(rows[0].n);
  });

  it('gives the public aggregated counts only, and individual points need a login', async () => {
    expect((await app.request('/api/layers/incidents')).status).toBe(401);
    const wire = decodeIncidentWire(await (await app.request('/api/layers/incidents/density?from=2019-01-01&to=2019-02-28')).arrayBuffer());
    expect(wire.header.weighted).toBe(true);
    const { rows } = await database.pool.query(
      `SELECT count(*)::int AS n FROM incidents WHERE reported_at >= '2019-01-01T00:00+08' AND reported_at < '2019-03-01T00:00+08'`,
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(6);
    expect([...wire.weights!].reduce((a, b) => a + b, 0)).toBe(rows[0].n);
    expect(wire.attributes[0]).toBe(255);
  });

  it('takes dates as local days and includes the `to` day, like every period in the API', async () => {
    await database.pool.query(
      `INSERT INTO incidents (code, category, status, source, occurred_at, reported_at, grid_code, community_code, street_code, district_code, synthetic, geom)
       SELECT c.code, 'theft', 'reported', 'grid_worker', c.at, c.at, g.code, left(g.code, 12), left(g.code, 9), left(g.code, 6), true, ST_PointOnSurface(g.geom)
       FROM (VALUES ('T-INC-edge-in', '2019-06-30T23:30:00+08'::timestamptz), ('T-INC-edge-out', '2019-07-01T00:30:00+08'::timestamptz)) c(code, at)
       CROSS JOIN (SELECT code, geom FROM grid_cells WHERE code = $1) g`,
      [grids[0]!.code],
    );
    const day = decodeIncidentWire(
      await (await app.request('/api/layers/incidents?from=2019-06-30&to=2019-06-30', { headers: commander.bearer })).arrayBuffer(),
    );
    expect(day.count).toBe(1); // 23:30 on the 30th in Shenyang (15:30 UTC) is in; 00:30 on the 1st is not
    const instant = await app.request(`/api/layers/incidents?from=${encodeURIComponent('2019-07-01T00:00:00+08:00')}&to=2019-07-01`, {
      headers: commander.bearer,
    });
    expect(decodeIncidentWire(await instant.arrayBuffer()).count).toBe(1);
    await database.pool.query(`DELETE FROM incidents WHERE code LIKE 'T-INC-edge-%'`);
  });

  it('rejects bad filters naming the field', async () => {
    const status = await app.request('/api/layers/incidents/density?status=lost');
    expect(errorResponseSchema.parse(await status.json()).error.field).toBe('status');
    const range = await app.request('/api/layers/incidents/density?from=2020-01-01&to=2019-01-01');
    expect(errorResponseSchema.parse(await range.json()).error.field).toBe('to');
  });
});

describe('volunteer coverage', () => {
  it('computes volunteers per 1,000 residents and the share of each grid near a staffed watch post', async () => {
    const res = await app.request(`/api/layers/coverage?radius=1000&area=${FIXTURE_DISTRICT}`, { headers: commander.bearer });
    expect(res.status).toBe(200);
    const body = coverageResponseSchema.parse(await res.json());
    expect(body.grids.code).toHaveLength(16);
    const i = body.grids.code.indexOf(grids[0]!.code);
    expect(body.grids.per1000[i]).toBeCloseTo((1 / 250) * 1000, 2);
    // every grid touches its community's centre post, so each is partly covered, none fully (cells ≈ 4 × 2 km)
    for (const share of body.grids.covered) {
      expect(share).toBeGreaterThan(0.02);
      expect(share).toBeLessThan(0.6);
    }
    // an independent geodesic check for one cell
    const { rows } = await database.pool.query(
      `SELECT ST_Area(ST_Intersection(g.geom, ST_Buffer(s.geom::geography, 1000)::geometry)::geography) / ST_Area(g.geom::geography) AS share
       FROM grid_cells g, sites s WHERE g.code = $1 AND s.code = 'T-WP-990100001001'`,
      [grids[0]!.code],
    );
    expect(body.grids.covered[i]).toBeCloseTo(rows[0].share, 3);
    expect(body.posts.code).toHaveLength(4);
    const outside = coverageResponseSchema.parse(await (await app.request('/api/layers/coverage?radius=500', { headers: otherCommander.bearer })).json());
    expect(outside.grids.code.some((code) => code.startsWith(FIXTURE_DISTRICT))).toBe(false);
  });

  it('needs a login and a radius within 100–3000 m', async () => {
    expect((await app.request('/api/layers/coverage')).status).toBe(401);
    const res = await app.request('/api/layers/coverage?radius=5', { headers: commander.bearer });
    expect(res.status).toBe(400);
    expect(errorResponseSchema.parse(await res.json()).error.field).toBe('radius');
  });
});
