/**
 * Map edits with history (#20 item 4) on a fixture district of its own (975001, lon 127.00–127.04, lat 42.00–42.02):
 *
 *   975001 ─ 975001001 ─ C1 975001001001 (127.00–127.02) ─ G1 …0101 (127.00–127.01), G2 …0102 (127.01–127.02)
 *                      └ C2 975001001002 (127.02–127.04) ─ G4 …00201 (the whole community)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { removeDistricts } from '../support/areas.ts';
import { withTransaction } from '../../db/client.ts';
import { boundaryEditLogSchema, boundaryEditResultSchema, gridsAsOfSchema, sitesAsOfSchema } from '../../core/contracts/boundaries.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';
import { kpiResponseSchema } from '../../core/contracts/kpis.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let admin: TestAccount, commander: TestAccount;
const C1 = '975001001001';
const [G1, G2, G3, G4] = ['97500100100101', '97500100100102', '97500100100103', '97500100100201'];
const SITE = 'BE-WP-1';
const box = (w: number, s: number, e: number, n: number) => `ST_Multi(ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`;
const poly = (w: number, s: number, e: number, n: number) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});
const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);

async function cleanUp() {
  await database.pool.query(`DELETE FROM area_versions WHERE left(code, 6) = '975001'`);
  await database.pool.query(`DELETE FROM site_versions WHERE code LIKE 'BE-%'`);
  await database.pool.query(`DELETE FROM boundary_edits WHERE left(target, 6) = '975001' OR target LIKE 'BE-%'`);
  await database.pool.query(`DELETE FROM sites WHERE code LIKE 'BE-%'`);
  await removeDistricts((text, values) => database.pool.query(text, values), ['975001']);
}

beforeAll(async () => {
  await cleanUp();
  await withTransaction(database, async (client) => {
    const common = `'2023', true, 'test'`;
    await client.query(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom) VALUES ('975001', '编辑测试区', ${common}, '975000', ${box(127, 42, 127.04, 42.02)})`,
    );
    await client.query(
      `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES ('975001001', '编辑街道', ${common}, '975001', 'subdistrict', ${box(127, 42, 127.04, 42.02)})`,
    );
    await client.query(`INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES
      ('${C1}', '编辑社区一', ${common}, '975001001', 'community', ${box(127, 42, 127.02, 42.02)}),
      ('975001001002', '编辑社区二', ${common}, '975001001', 'community', ${box(127.02, 42, 127.04, 42.02)})`);
    await client.query(`INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, households, population, geom) VALUES
      ('${G1}', '编辑网格一', ${common}, '${C1}', 'general', 400, 1000, ${box(127, 42, 127.01, 42.02)}),
      ('${G2}', '编辑网格二', ${common}, '${C1}', 'general', 300, 900, ${box(127.01, 42, 127.02, 42.02)}),
      ('${G4}', '编辑网格四', ${common}, '975001001002', 'general', 0, 0, ${box(127.02, 42, 127.04, 42.02)})`);
  });
  admin = await createAccount(database, { role: 'admin', scopeCode: null }, 'be');
  commander = await createAccount(database, { role: 'commander', scopeCode: null }, 'be');
});
afterAll(async () => {
  await cleanUp();
  await removeAccounts(database, [admin, commander].filter(Boolean));
  await database.close();
});

const edit = (who: TestAccount, body: unknown) =>
  app.request('/api/admin/boundaries/edits', { method: 'POST', headers: { ...who.bearer, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const gridsAt = async (asOf?: string) => {
  const res = await app.request(`/api/boundaries/grids?area=${C1}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`);
  expect(res.status).toBe(200);
  return gridsAsOfSchema.parse(await res.json()).features;
};
const west = (f: { geometry: { coordinates: unknown[] } }) => Math.min(...(f.geometry.coordinates as number[][][][]).flat(2).map((p) => p[0]!));
const refused = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  return errorResponseSchema.parse(await res.json()).error;
};
const editCount = async () => Number((await database.pool.query(`SELECT count(*) FROM boundary_edits WHERE left(target, 6) = '975001'`)).rows[0].count);

describe('editing the map', () => {
  it('is for admins only', async () => {
    await refused(await edit(commander, { kind: 'merge', grids: [G1, G2], reason: '测试' }), 403);
    expect((await app.request('/api/admin/boundaries/edits', { headers: commander.bearer })).status).toBe(403);
    expect(await editCount()).toBe(0);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    expect((await refused(await edit(admin, { kind: 'split', grid: G1, reason: '测试' }), 400)).field).toBe('line');
    const miss = {
      kind: 'split',
      grid: G1,
      reason: '测试',
      line: {
        type: 'LineString',
        coordinates: [
          [127.5, 42.5],
          [127.6, 42.6],
        ],
      },
    };
    expect(await refused(await edit(admin, miss), 400)).toMatchObject({ code: 'bad_split_line', field: 'line' });
    expect(await editCount()).toBe(0);
  });

  let splitAt = '';
  it('splits a grid: the old grid answers "as of" before, the two new ones after', async () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [127.004, 41.999],
        [127.004, 42.021],
      ],
    };
    const res = await edit(admin, { kind: 'split', grid: G1, line, reason: '人口增长，网格拆分' });
    expect(res.status).toBe(201);
    const done = boundaryEditResultSchema.parse(await res.json());
    expect(done).toMatchObject({ kind: 'split', created: [G3], changed: [G1], retired: [] });
    splitAt = done.at;
    const before = await gridsAt(yesterday);
    expect(before.map((f) => f.properties.code)).toEqual([G1, G2]);
    expect(west(before[0]!)).toBeCloseTo(127, 6);
    const after = await gridsAt(splitAt);
    expect(after.map((f) => f.properties.code)).toEqual([G1, G2, G3]);
    // the larger part keeps the code; the new code is the next sequence
    expect(west(after.find((f) => f.properties.code === G1)!)).toBeCloseTo(127.004, 6);
    expect(after.find((f) => f.properties.code === G3)!.properties.validFrom).toBe(splitAt);
    expect(before[0]!.properties.validTo).toBe(splitAt);
    const counts = (await database.pool.query(`SELECT code, households FROM grid_cells WHERE code = ANY($1) ORDER BY code`, [[G1, G3]])).rows;
    expect(counts.map((r) => r.households)).toEqual([240, 160]);
    const log = boundaryEditLogSchema.parse(await (await app.request(`/api/admin/boundaries/edits?target=${G1}`, { headers: admin.bearer })).json());
    expect(log.items[0]).toMatchObject({ kind: 'split', username: admin.username, reason: '人口增长，网格拆分', created: [G3] });
  });

  it('refuses a redraw that leaves a gap, naming its area and place, and changes nothing', async () => {
    const err = await refused(
      await edit(admin, { kind: 'redraw', community: C1, reason: '测试缺口', grids: [{ code: G2, geometry: poly(127.01, 42, 127.019, 42.02) }] }),
      409,
    );
    expect(err.code).toBe('grid_gap');
    expect(err.message).toMatch(/leave \d+ m² of community 975001001001 uncovered near POINT\(127\.01/);
    expect((await gridsAt()).map((f) => f.properties.code)).toEqual([G1, G2, G3]);
    expect(await editCount()).toBe(1);
  });

  it('refuses a redraw that overlaps a neighbouring grid', async () => {
    const err = await refused(
      await edit(admin, { kind: 'redraw', community: C1, reason: '测试重叠', grids: [{ code: G2, geometry: poly(127.009, 42, 127.02, 42.02) }] }),
      409,
    );
    expect(err).toMatchObject({ code: 'grid_overlap' });
    expect(err.message).toContain(`${G1}/${G2}`);
    expect(await editCount()).toBe(1);
  });

  it('refuses a community boundary or a site outside the city', async () => {
    const grids = [{ code: G3, geometry: poly(126.99, 42, 127.004, 42.02) }];
    const err = await refused(await edit(admin, { kind: 'redraw', community: C1, reason: '测试越界', boundary: poly(126.99, 42, 127.02, 42.02), grids }), 422);
    expect(err).toMatchObject({ code: 'outside_city', field: 'boundary' });
    const site = { kind: 'site_add', reason: '测试', site: { code: 'BE-OUT', kind: 'watch_post', name: '城外岗' }, at: { lon: 128, lat: 42.01 } };
    expect(await refused(await edit(admin, site), 422)).toMatchObject({ code: 'outside_city', field: 'at' });
  });

  it('redraws grids that still tile the community', async () => {
    const grids = [
      { code: G1, geometry: poly(127.004, 42, 127.012, 42.02) },
      { code: G2, geometry: poly(127.012, 42, 127.02, 42.02) },
    ];
    expect((await edit(admin, { kind: 'redraw', community: C1, reason: '沿道路调整', grids })).status).toBe(201);
  });

  it('merges grids: the lowest code survives, the other is retired, history keeps both', async () => {
    expect((await refused(await edit(admin, { kind: 'merge', grids: [G3, G2], reason: '测试' }), 409)).code).toBe('not_adjacent');
    expect((await refused(await edit(admin, { kind: 'merge', grids: [G2, G4], reason: '测试' }), 409)).code).toBe('different_communities');
    const res = await edit(admin, { kind: 'merge', grids: [G3, G1], reason: '合并小网格' });
    expect(res.status).toBe(201);
    expect(boundaryEditResultSchema.parse(await res.json())).toMatchObject({ created: [], changed: [G1], retired: [G3] });
    const now = await gridsAt();
    expect(now.map((f) => f.properties.code)).toEqual([G1, G2]);
    expect(west(now[0]!)).toBeCloseTo(127, 6);
    expect((await gridsAt(splitAt)).map((f) => f.properties.code)).toEqual([G1, G2, G3]);
    expect((await gridsAt(yesterday)).map((f) => f.properties.code)).toEqual([G1, G2]);
    expect((await database.pool.query(`SELECT households FROM grid_cells WHERE code = $1`, [G1])).rows[0].households).toBe(400);
  });

  it('answers KPIs by grid as of a date: the grids of that time, a merged-away grid included', async () => {
    const children = async (asOf?: string) => {
      const res = await app.request(`/api/kpis?area=${C1}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`, { headers: commander.bearer });
      expect(res.status).toBe(200);
      return kpiResponseSchema
        .parse(await res.json())
        .children.map((c) => c.code)
        .sort();
    };
    expect(await children(yesterday)).toEqual([G1, G2]);
    expect(await children(splitAt)).toEqual([G1, G2, G3]);
    expect(await children()).toEqual([G1, G2]);
  });

  it('adds, moves and retires a site, keeping every place it stood', async () => {
    const add = await edit(admin, {
      kind: 'site_add',
      reason: '新设岗',
      site: { code: SITE, kind: 'watch_post', name: '编辑测试岗' },
      at: { lon: 127.005, lat: 42.01 },
    });
    expect(add.status).toBe(201);
    const added = boundaryEditResultSchema.parse(await add.json());
    expect((await database.pool.query(`SELECT community_code FROM sites WHERE code = $1`, [SITE])).rows[0].community_code).toBe(C1);
    const moved = boundaryEditResultSchema.parse(
      await (await edit(admin, { kind: 'site_move', reason: '搬迁', site: SITE, at: { lon: 127.03, lat: 42.01 } })).json(),
    );
    expect((await edit(admin, { kind: 'site_retire', reason: '撤岗', site: SITE })).status).toBe(201);
    expect((await database.pool.query(`SELECT 1 FROM sites WHERE code = $1`, [SITE])).rowCount).toBe(0);
    const sitesAt = async (asOf: string) =>
      sitesAsOfSchema.parse(await (await app.request(`/api/boundaries/sites?area=975001&asOf=${encodeURIComponent(asOf)}`)).json()).features;
    expect((await sitesAt(added.at)).map((f) => [f.properties.code, f.geometry.coordinates[0], f.properties.communityCode])).toEqual([[SITE, 127.005, C1]]);
    expect((await sitesAt(moved.at)).map((f) => [f.geometry.coordinates[0], f.properties.communityCode])).toEqual([[127.03, '975001001002']]);
    expect(await sitesAt(new Date().toISOString())).toEqual([]);
    const versions = (await database.pool.query(`SELECT valid_to = 'infinity' AS open FROM site_versions WHERE code = $1`, [SITE])).rows;
    expect(versions).toEqual([{ open: false }, { open: false }]);
    expect(
      (
        await refused(
          await edit(admin, { kind: 'site_add', reason: '重复', site: { code: SITE, kind: 'watch_post', name: '重复' }, at: { lon: 127.005, lat: 42.01 } }),
          409,
        )
      ).field,
    ).toBe('site.code');
  });

  it('needs a district, street or community code for "as of"', async () => {
    expect(errorResponseSchema.parse(await (await app.request('/api/boundaries/grids?area=97')).json()).error.field).toBe('area');
    expect(errorResponseSchema.parse(await (await app.request(`/api/boundaries/grids?area=${C1}&asOf=2026-02-30`)).json()).error.field).toBe('asOf');
  });
});
