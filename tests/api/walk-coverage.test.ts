/**
 * /api/coverage?mode=walk, the life circles and the isochrone on the river fixture: the straight line
 * covers all 750 households within 1,080 m, a 15-minute walk only the 250 on the site's bank.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { CoverageResponse } from '../../core/contracts/planning.ts';
import type { SitingResult } from '../../core/contracts/planning-siting.ts';
import type { IsochroneResponse, LifeCircleResponse } from '../../core/contracts/planning-walk.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertWalkFixture, removeWalkFixture, WALK, walkPoints as P } from '../support/walk-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let planner: TestAccount;

beforeAll(async () => {
  await insertWalkFixture(database);
  planner = await createAccount(database, { role: 'planner' }, 'walk');
});
afterAll(async () => {
  await removeAccounts(database, [planner]);
  await removeWalkFixture(database);
  await database.close();
});

const get = async <T>(path: string) => {
  const res = await app.request(path, { headers: planner.bearer });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null) as T & { error?: { field?: string; message: string } },
  };
};
const byCode = <R extends { code: string }>(rows: R[]) => Object.fromEntries(rows.map((r) => [r.code, r]));

describe('walking coverage', () => {
  it('differs from the straight line by the 500 households across the river', async () => {
    const straight = await get<CoverageResponse>(`/api/coverage?area=${WALK.district}&level=community&kinds=mediation_point&radius=1080`);
    const walk = await get<CoverageResponse>(`/api/coverage?area=${WALK.district}&level=community&kinds=mediation_point&mode=walk&minutes=15`);
    expect(straight.status).toBe(200);
    expect(walk.status).toBe(200);
    expect(straight.body.totals.householdsCovered).toBe(750);
    expect(walk.body.totals.householdsCovered).toBe(250);
    expect(walk.body).toMatchObject({ mode: 'walk', minutes: 15, radius: 1080 });
    expect(walk.body.method).toMatch(/walking time on the road network/);
    const rows = byCode(walk.body.rows);
    expect([rows[WALK.west]!.share, rows[WALK.east]!.share]).toEqual([1, 0]);
    // the nearest site for the east bank is ≈2.2 km away on foot, not 84 m
    expect(rows[WALK.east]!.nearestSiteP90).toBeGreaterThan(2_000);
    const five = await get<CoverageResponse>(`/api/coverage?area=${WALK.district}&level=community&kinds=mediation_point&mode=walk&minutes=5`);
    expect(five.body.totals.householdsCovered).toBe(100);
  });

  it('lists compounds with the metres walked and exports per area', async () => {
    const { body } = await get<{ compounds: { code: string; covered: boolean; nearest: number }[] }>(
      `/api/coverage/compounds?area=${WALK.district}&kinds=mediation_point&mode=walk&minutes=15`,
    );
    const compounds = byCode(body.compounds);
    expect(compounds['WK-A']).toMatchObject({ covered: true });
    expect(compounds['WK-B']).toMatchObject({ covered: false });
    expect(compounds['WK-B']!.nearest).toBeGreaterThan(2_100);
    const csv = await get(`/api/coverage/export?area=${WALK.district}&level=community&kinds=mediation_point&mode=walk&minutes=10&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`${WALK.west},河西社区,250,250`);
  });

  it('names the field of a bad walking request', async () => {
    expect((await get(`/api/coverage?area=${WALK.district}&mode=walk&radius=500`)).body.error?.field).toBe('radius');
    expect((await get(`/api/coverage?area=${WALK.district}&minutes=10`)).body.error?.field).toBe('minutes');
    const zero = await get(`/api/coverage?area=${WALK.district}&mode=walk&minutes=0`);
    expect([zero.status, zero.body.error?.field]).toEqual([400, 'minutes']);
    expect((await get(`/api/coverage?mode=run`)).body.error?.field).toBe('mode');
  });
});

describe('siting by walking time', () => {
  it('puts the new site on the far bank, where the straight line saw no gap', async () => {
    const post = async (body: object) => {
      const res = await app.request('/api/siting', {
        method: 'POST',
        headers: { ...planner.bearer, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as SitingResult & { error?: { field?: string } } };
    };
    const base = { k: 1, candidates: 'compounds', area: WALK.district, kinds: ['mediation_point'] };
    const straight = await post({ ...base, radius: 1080 });
    expect([straight.status, straight.body.before.householdsCovered, straight.body.sites.length]).toEqual([200, 750, 0]);
    const walk = await post({ ...base, mode: 'walk', minutes: 15 });
    expect(walk.status).toBe(200);
    expect([walk.body.before.householdsCovered, walk.body.after.householdsCovered, walk.body.radius]).toEqual([250, 750, 1080]);
    expect(['WK-B', 'WK-C']).toContain(walk.body.sites[0]!.code);
    expect(walk.body.sites[0]!.newlyCovered).toEqual(['WK-B', 'WK-C']);
    expect(walk.body.note).toMatch(/^walking 15 minutes/);
    expect((await post({ ...base, mode: 'walk', radius: 500 })).body.error?.field).toBe('radius');
  });
});

describe('life circles (生活圈达标率)', () => {
  it('gives the share within 5, 10 and 15 minutes per community, and exports it', async () => {
    const { status, body } = await get<LifeCircleResponse>(`/api/coverage/life-circle?area=${WALK.district}&kinds=mediation_point`);
    expect(status).toBe(200);
    const rows = byCode(body.rows);
    expect(rows[WALK.west]).toMatchObject({ households: 250, within5: 100, within10: 250, within15: 250, share5: 0.4, share10: 1, share15: 1 });
    expect(rows[WALK.east]).toMatchObject({ households: 500, within5: 0, within10: 0, within15: 0, share15: 0 });
    expect(body.totals.share15).toBeCloseTo(250 / 750, 10);
    const street = await get<LifeCircleResponse>(`/api/coverage/life-circle?area=${WALK.district}&kinds=mediation_point&level=street`);
    expect(street.body.rows).toHaveLength(1);
    expect(street.body.rows[0]).toMatchObject({ code: WALK.street, households: 750, within15: 250 });
    const csv = await get(`/api/coverage/life-circle/export?area=${WALK.district}&kinds=mediation_point&format=csv`);
    expect(csv.text).toContain('code,name,households,within5,within10,within15,share5,share10,share15');
    expect(csv.text).toContain(`${WALK.west},河西社区,250,100,250,250,0.4,1,1`);
    const geo = await get<{ features: { properties: { code: string; share15: number } }[] }>(
      `/api/coverage/life-circle/export?area=${WALK.district}&kinds=mediation_point&format=geojson`,
    );
    expect(geo.body.features.map((f) => f.properties.share15).sort()).toEqual([0, 1]);
  });
});

describe('isochrones', () => {
  it('follows the streets: 15 minutes reach the near bank, not the far one', async () => {
    const { status, body } = await get<IsochroneResponse>(`/api/coverage/isochrone?site=WK-MP-1&minutes=5,15`);
    expect(status).toBe(200);
    expect(body.features.map((f) => f.properties.minutes)).toEqual([5, 15]);
    const contains = async (minutes: number, [lon, lat]: readonly [number, number]) => {
      const geometry = JSON.stringify(body.features.find((f) => f.properties.minutes === minutes)!.geometry);
      const { rows } = await database.pool.query<{ inside: boolean }>(
        `SELECT ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS inside`,
        [geometry, lon, lat],
      );
      return rows[0]!.inside;
    };
    expect(await contains(5, P.A)).toBe(true);
    expect(await contains(5, P.D)).toBe(false);
    expect(await contains(15, P.D)).toBe(true);
    // C is 780 m from the site as the crow flies, 1.3 km on foot
    expect(await contains(15, P.C)).toBe(false);
    expect(await contains(15, P.B)).toBe(false);
    expect(await contains(15, P.W2)).toBe(true);
  });

  it('answers 404 for an unknown site and 400 for bad minutes', async () => {
    const missing = await get(`/api/coverage/isochrone?site=NOPE`);
    expect([missing.status, missing.body.error?.field]).toEqual([404, 'site']);
    const bad = await get(`/api/coverage/isochrone?site=WK-MP-1&minutes=45`);
    expect([bad.status, bad.body.error?.field]).toEqual([400, 'minutes']);
  });
});
