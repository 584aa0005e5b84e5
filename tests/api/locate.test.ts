import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { FF, FIELD_BOUNDS, insertFieldFixture, removeFieldFixture, seeded, type Box } from '../support/field-fixture.ts';
import { locateResultSchema, type LocateResult } from '../../core/contracts/field.ts';
import { fromWgs84 } from '../../core/contracts/field-coords.ts';
import { nearestSites } from '../../db/queries/locate-sites.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let grids: { code: string; box: Box; workerCode: string | null }[] = [];
let admin: TestAccount, worker: TestAccount, commanderD2: TestAccount, planner: TestAccount;

beforeAll(async () => {
  grids = await insertFieldFixture(database);
  admin = await createAccount(database, { role: 'admin' }, 'loc');
  const own = grids.find((g) => g.code.startsWith('960100001001') && g.workerCode)!;
  worker = await createAccount(database, { role: 'grid_worker', scopeCode: '960100001001', workerCode: own.workerCode! }, 'loc');
  commanderD2 = await createAccount(database, { role: 'commander', scopeCode: FF.d2 }, 'loc');
  planner = await createAccount(database, { role: 'planner' }, 'loc');
});
afterAll(async () => {
  await removeFieldFixture(database);
  await removeAccounts(database, [admin, worker, commanderD2, planner]);
  await database.close();
});

const locate = (who: TestAccount | null, query: string) => app.request(`/api/locate?${query}`, { headers: who?.bearer ?? {} });
async function located(who: TestAccount, lon: number, lat: number): Promise<LocateResult> {
  const res = await locate(who, `lon=${lon}&lat=${lat}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return locateResultSchema.parse(await res.json());
}

interface Expected {
  grid: string | null;
  district: string | null;
  mediation: { code: string; d: number }[];
  watch: { code: string; d: number }[];
}

/** The same answers from plain SQL written independently: ST_Covers, brute-force ST_DistanceSpheroid over every site. */
async function independent(points: [number, number][]): Promise<Expected[]> {
  const spheroid = `'SPHEROID["WGS 84",6378137,298.257223563]'`;
  const nearest = (kinds: string) => `(SELECT json_agg(json_build_object('code', n.code, 'd', n.d) ORDER BY n.d, n.code) FROM (
      SELECT s.code, ST_DistanceSpheroid(s.geom, p.g, ${spheroid}) AS d FROM sites s WHERE s.kind IN (${kinds})
      ORDER BY d, s.code LIMIT 5) n)`;
  const { rows } = await database.pool.query<{
    i: number;
    grid: string | null;
    district: string | null;
    mediation: Expected['mediation'];
    watch: Expected['watch'];
  }>(
    `
    SELECT p.i,
      (SELECT code FROM grid_cells WHERE ST_Covers(geom, p.g) ORDER BY code LIMIT 1) AS grid,
      (SELECT code FROM districts WHERE ST_Covers(geom, p.g) ORDER BY code LIMIT 1) AS district,
      ${nearest(`'mediation_point', 'mediation_room'`)} AS mediation, ${nearest(`'watch_post'`)} AS watch
    FROM (SELECT i, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS g FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(lon, lat, i)) p
    ORDER BY p.i`,
    [points.map((p) => p[0]), points.map((p) => p[1])],
  );
  return rows.map(({ grid, district, mediation, watch }) => ({ grid, district, mediation: mediation ?? [], watch: watch ?? [] }));
}

/** Same codes in the same order, or (a float tie) the same distances to the centimetre. */
function expectSameSites(actual: LocateResult['watchPosts'], expected: { code: string; d: number }[], where: string) {
  const codes = actual.map((s) => s.code);
  if (codes.join() === expected.map((s) => s.code).join()) return;
  expect(
    actual.map((s) => s.distanceM.toFixed(1)),
    where,
  ).toEqual(expected.map((s) => s.d.toFixed(1)));
}

/** Spherical initial bearing (degrees), an independent check of the spheroidal azimuth (agrees to ~0.2°). */
function sphericalBearing(from: { lon: number; lat: number }, to: { lon: number; lat: number }) {
  const r = Math.PI / 180;
  const [φ1, φ2, Δλ] = [from.lat * r, to.lat * r, (to.lon - from.lon) * r];
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return (Math.atan2(y, x) / r + 360) % 360;
}

describe('GET /api/locate', () => {
  it('agrees with independent SQL on 1,000 seeded random points (grid, district, 5 + 5 nearest sites)', async () => {
    const random = seeded(7);
    const pad = 0.02;
    const points = Array.from({ length: 1000 }, (): [number, number] => [
      FIELD_BOUNDS.west - pad + random() * (FIELD_BOUNDS.east - FIELD_BOUNDS.west + 2 * pad),
      FIELD_BOUNDS.south - pad + random() * (FIELD_BOUNDS.north - FIELD_BOUNDS.south + 2 * pad),
    ]);
    const expected = await independent(points);
    let inside = 0;
    for (let start = 0; start < points.length; start += 8) {
      const batch = points.slice(start, start + 8);
      const responses = await Promise.all(batch.map(([lon, lat]) => locate(admin, `lon=${lon}&lat=${lat}`)));
      for (const [j, res] of responses.entries()) {
        const i = start + j;
        const want = expected[i]!;
        const where = `point ${i} (${points[i]!.join(', ')})`;
        if (want.district === null) {
          expect(res.status, where).toBe(404);
          continue;
        }
        expect(res.status, where).toBe(200);
        const body = locateResultSchema.parse(await res.json());
        inside++;
        expect(body.grid?.code ?? null, where).toBe(want.grid);
        expect(body.district.code, where).toBe(want.district);
        if (body.grid)
          expect([body.community?.code, body.street?.code, body.district.code], where).toEqual([
            body.grid.code.slice(0, 12),
            body.grid.code.slice(0, 9),
            body.grid.code.slice(0, 6),
          ]);
        expectSameSites(body.mediationSites, want.mediation, `${where} mediation`);
        expectSameSites(body.watchPosts, want.watch, `${where} watch posts`);
        for (const site of [...body.mediationSites, ...body.watchPosts]) {
          const bearing = sphericalBearing({ lon: points[i]![0], lat: points[i]![1] }, site.location);
          const diff = Math.abs(((site.bearingDeg - bearing + 540) % 360) - 180);
          expect(diff, `${where} bearing to ${site.code}`).toBeLessThan(0.5);
        }
      }
    }
    expect(inside).toBeGreaterThan(700); // the padding leaves some points outside, most inside
    expect(inside).toBeLessThan(1000);
  });

  it('proves the KNN candidates complete: with one candidate per site the exact fallback still agrees', async () => {
    const random = seeded(11);
    const points = Array.from({ length: 150 }, (): [number, number] => [121.0 + random() * 0.3, 42.0 + random() * 0.2]);
    const expected = await independent(points);
    for (const [i, [lon, lat]] of points.entries()) {
      const sites = await nearestSites(database.db, { lon, lat }, ['watch_post'], 5, 1);
      expectSameSites(sites, expected[i]!.watch, `point ${i}`);
    }
  });

  it('gives a point on a shared grid edge exactly one grid: the lowest code, the same as the incident API', async () => {
    const community = grids.filter((g) => g.code.startsWith('960100001001'));
    const [a, b] = community.flatMap((g) =>
      community.filter((h) => h.box[0] === g.box[2] && h.box[1] < g.box[3] && h.box[3] > g.box[1]).map((h) => [g, h]),
    )[0]!;
    const lat = (Math.max(a!.box[1], b!.box[1]) + Math.min(a!.box[3], b!.box[3])) / 2;
    const point = { lon: a!.box[2], lat };
    const touching = await database.pool.query(`SELECT code FROM grid_cells WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY code`, [
      point.lon,
      point.lat,
    ]);
    expect(touching.rows.length).toBe(2);
    const first = await located(admin, point.lon, point.lat);
    expect(first.grid?.code).toBe(touching.rows[0].code);
    for (let i = 0; i < 3; i++) expect((await located(admin, point.lon, point.lat)).grid?.code).toBe(first.grid?.code);
    const res = await app.request('/api/incidents', {
      method: 'POST',
      headers: { ...admin.bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'public_safety', location: point, description: '野测边界' }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as { gridCode: string }).gridCode).toBe(first.grid?.code);
  });

  it('resolves a vertex shared by four communities and a district boundary to one consistent branch', async () => {
    const corner = await located(admin, 121.1, 42.1); // corner of all four communities of 野测东区
    expect(corner.grid?.code.startsWith('960100001001')).toBe(true);
    expect(corner.community?.code).toBe('960100001001');
    expect(corner.street?.code).toBe(FF.s1);
    const edge = await located(admin, 121.2, 42.15); // the 960100 / 960200 district boundary
    expect(edge.district.code).toBe(FF.d1);
    expect(edge.grid?.code.slice(0, 12)).toBe('960100002002');
    expect(edge.street?.code).toBe(FF.s2);
  });

  it('answers 404 outside the city and 400 naming the field for bad coordinates', async () => {
    const outside = await locate(admin, 'lon=121.6&lat=42.6');
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as { error: { message: string } }).error.message).toMatch(/outside the city/);
    for (const [query, field] of [
      ['lon=abc&lat=42.1', 'lon'],
      ['lon=121.1&lat=95', 'lat'],
      ['lon=121.1', 'lat'],
      ['lat=42', 'lon'],
      ['lon=1e3&lat=42', 'lon'],
      ['lon=121.1&lat=42.1&crs=utm', 'crs'],
    ] as const) {
      const res = await locate(admin, query);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field, query).toBe(field);
    }
  });

  it('accepts GCJ-02 and BD-09 input and answers in WGS-84', async () => {
    const wgs = { lon: 121.0537, lat: 42.0461 };
    const plain = await located(admin, wgs.lon, wgs.lat);
    for (const crs of ['gcj02', 'bd09'] as const) {
      const shifted = fromWgs84(wgs, crs);
      const res = await locate(admin, `lon=${shifted.lon}&lat=${shifted.lat}&crs=${crs}`);
      const body = locateResultSchema.parse(await res.json());
      expect(body.grid?.code, crs).toBe(plain.grid?.code);
      expect(Math.abs(body.location.lon - wgs.lon) * 83_000 + Math.abs(body.location.lat - wgs.lat) * 111_000, crs).toBeLessThan(1);
    }
  });

  it('masks the responsible worker, and hides them from a caller outside that area', async () => {
    const grid = grids.find((g) => g.code.startsWith('960100001001') && g.workerCode)!;
    const center = { lon: (grid.box[0] + grid.box[2]) / 2, lat: (grid.box[1] + grid.box[3]) / 2 };
    const phone = `139${grid.code.slice(-8)}`;
    for (const who of [admin, worker]) {
      const body = await located(who, center.lon, center.lat);
      expect(body.worker).toEqual({ code: grid.workerCode, name: '野*', phone: `139****${phone.slice(-4)}`, employment: 'full_time', inScope: true });
    }
    const other = await located(commanderD2, center.lon, center.lat);
    expect(other.worker).toEqual({ code: grid.workerCode, name: null, phone: null, employment: 'full_time', inScope: false });
    expect((await locate(planner, `lon=${center.lon}&lat=${center.lat}`)).status).toBe(403);
    expect((await locate(null, `lon=${center.lon}&lat=${center.lat}`)).status).toBe(401);
  });
});

describe('GET /api/field/categories', () => {
  it('lists the report categories and dispute types from the registries, to everyone', async () => {
    const res = await app.request('/api/field/categories');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { categories: { code: string; group: string }[]; disputeTypes: { code: string }[] };
    expect(body.categories.map((c) => c.code)).toEqual(expect.arrayContaining(['dispute', 'environment', 'public_safety']));
    expect(body.categories.find((c) => c.code === 'dispute')?.group).toBe('dispute');
    expect(body.disputeTypes.length).toBeGreaterThan(5);
  });
});

describe('GET /api/locate/incidents', () => {
  it("lists open incidents of the same category within the radius, inside the caller's area", async () => {
    const at = { lon: 121.0333, lat: 42.0333 };
    const res = await app.request('/api/incidents', {
      method: 'POST',
      headers: { ...admin.bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'environment', location: at, description: '野测重复' }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as { id: number }).id;
    const near = async (who: TestAccount, dLatM: number, category = 'environment') => {
      const r = await app.request(`/api/locate/incidents?lon=${at.lon}&lat=${at.lat + dLatM / 111_000}&category=${category}`, { headers: who.bearer });
      return ((await r.json()) as { items: { id: number; distanceM: number }[] }).items;
    };
    const close = await near(admin, 30);
    expect(close.map((i) => i.id)).toContain(id);
    expect(close.find((i) => i.id === id)!.distanceM).toBeGreaterThan(25);
    expect(close.find((i) => i.id === id)!.distanceM).toBeLessThan(35);
    expect((await near(admin, 80)).map((i) => i.id)).not.toContain(id);
    expect((await near(admin, 0, 'dispute')).map((i) => i.id)).not.toContain(id);
    expect((await near(worker, 10)).map((i) => i.id)).toContain(id);
    // another district's commander is told a case is there (a duplicate hint), but not what it says
    expect((await near(commanderD2, 10)).find((i) => i.id === id)).toMatchObject({ inScope: false, description: null });
    const bad = await app.request(`/api/locate/incidents?lon=${at.lon}&lat=${at.lat}`, { headers: admin.bearer });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('category');
  });
});
