/**
 * #20 item 5: site kinds are data. A kind added by SQL alone (a registry row and a site of it) is in
 * the style, the legend's registry, /api/locate and coverage; admins add, change and retire kinds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { withTransaction } from '../../db/client.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { removeDistricts } from '../support/areas.ts';
import { siteKindRecordSchema, siteKindRegistrySchema } from '../../core/contracts/site-kinds.ts';
import { locateResultSchema } from '../../core/contracts/field.ts';
import { coverageResponseSchema } from '../../core/contracts/planning.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const D = '935100';
const kind = 'tk_fire_station';
const added = 'tk_admin_kind';
const site = 'TK-FS-1';
let admin: TestAccount, commander: TestAccount;
const call = (method: string, path: string, who?: TestAccount, body?: unknown) =>
  app.request(path, {
    method,
    headers: { ...(who?.bearer ?? {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const box = (w: number, s: number, e: number, n: number) => `MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;

async function cleanUp() {
  await withTransaction(database, async (client) => {
    await removeDistricts((text, values) => client.query(text, values), [D]);
    await client.query(`DELETE FROM site_kinds WHERE kind IN ($1, $2)`, [kind, added]);
  });
}

beforeAll(async () => {
  await cleanUp();
  // by data alone: what the audit does (a kind row + a site of it), nothing through the app
  await withTransaction(database, async (client) => {
    const q = (text: string, values: unknown[] = []) => client.query(text, values);
    const area = box(125.0, 42.0, 125.04, 42.03);
    await q(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom)
             VALUES ($1, '种类测试区', '2023', true, 'test', '930000', ST_GeomFromText($2, 4326))`,
      [D, area],
    );
    await q(
      `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
             VALUES ($1, '种类测试街道', '2023', true, 'test', $2, 'subdistrict', ST_GeomFromText($3, 4326))`,
      [`${D}001`, D, area],
    );
    await q(
      `INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
             VALUES ($1, '种类测试社区', '2023', true, 'test', $2, 'community', ST_GeomFromText($3, 4326))`,
      [`${D}001001`, `${D}001`, area],
    );
    await q(
      `INSERT INTO compounds (code, name, community_code, households, population, synthetic, source, geom)
             VALUES ($1, '种类测试小区', $2, 300, 800, true, 'test', ST_SetSRID(ST_MakePoint(125.021, 42.015), 4326))`,
      [`${D}001001C1`, `${D}001001`],
    );
    await q(`INSERT INTO site_kinds (kind, name_zh, name_en, color, default_radius_m) VALUES ($1, '消防站', 'Fire station', '#d84315', 800)`, [kind]);
    await q(
      `INSERT INTO sites (code, kind, name, district_code, street_code, community_code, synthetic, source, geom)
             VALUES ($1, $2, '测试消防站', $3, $4, $5, true, 'test', ST_SetSRID(ST_MakePoint(125.02, 42.015), 4326))`,
      [site, kind, D, `${D}001`, `${D}001001`],
    );
  });
  admin = await createAccount(database, { role: 'admin' }, 'kinds');
  commander = await createAccount(database, { role: 'commander', scopeCode: D }, 'kinds');
});
afterAll(async () => {
  await cleanUp();
  await removeAccounts(database, [admin, commander]);
  await database.close();
});

describe('a kind added as a row', () => {
  it('is drawn in its colour by the style', async () => {
    const style = await (await call('GET', '/style.json')).json();
    const circle = style.layers.find((layer: { id: string }) => layer.id === 'sites-circle');
    const color = JSON.stringify(circle.paint['circle-color']);
    expect(color).toContain(`"${kind}","#d84315"`);
    // today's kinds keep today's colours
    expect(color).toContain('"watch_post","#1565c0"');
  });

  it('is in the registry the legend reads, with its names and site count', async () => {
    const res = await call('GET', '/api/site-kinds');
    expect(res.status).toBe(200);
    const { kinds } = siteKindRegistrySchema.parse(await res.json());
    expect(kinds.find((k) => k.kind === kind)).toMatchObject({ nameZh: '消防站', nameEn: 'Fire station', color: '#d84315', locateGroup: 'other', sites: 1 });
  });

  it('is located: /api/locate lists it in otherSites', async () => {
    const res = await call('GET', '/api/locate?lon=125.0205&lat=42.015', commander);
    expect(res.status).toBe(200);
    const body = locateResultSchema.parse(await res.json());
    expect(body.district.code).toBe(D);
    expect(body.otherSites[0]).toMatchObject({ code: site, kind, kindName: '消防站', kindNameEn: 'Fire station' });
    expect(body.otherSites[0]!.distanceM).toBeGreaterThan(30);
    expect(body.otherSites[0]!.distanceM).toBeLessThan(50);
  });

  it('is covered with its registry radius, and offered to planners', async () => {
    const res = await call('GET', `/api/coverage?kinds=${kind}&level=community&area=${D}`, commander);
    expect(res.status).toBe(200);
    const body = coverageResponseSchema.parse(await res.json());
    expect(body).toMatchObject({ radius: 800, radiusSource: 'default', sites: 1 });
    expect(body.totals.households).toBe(300);
    expect(body.totals.householdsCovered).toBe(300);
    const kinds = await (await call('GET', '/api/coverage/kinds', commander)).json();
    expect(kinds.kinds.map((k: { kind: string }) => k.kind)).toContain(kind);
  });

  it('moves between locate lists when its group changes, and leaves coverage when it is not offered', async () => {
    const res = await call('PATCH', `/api/admin/site-kinds/${kind}`, admin, { locateGroup: 'watch', coverage: false });
    expect(res.status).toBe(200);
    const located = locateResultSchema.parse(await (await call('GET', '/api/locate?lon=125.0205&lat=42.015', commander)).json());
    expect(located.watchPosts.map((s) => s.code)).toContain(site);
    expect(located.otherSites.map((s) => s.code)).not.toContain(site);
    const refused = await call('GET', `/api/coverage?kinds=${kind}&level=community&area=${D}`, commander);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.field).toBe('kinds');
  });
});

describe('admin API', () => {
  it('adds a kind (admin only), refuses a taken code with 409 and bad input with 400 naming the field', async () => {
    const body = { kind: added, nameZh: '测试点', nameEn: 'Test point', color: '#336699', defaultRadiusM: 600 };
    expect((await call('POST', '/api/admin/site-kinds', undefined, body)).status).toBe(401);
    expect((await call('POST', '/api/admin/site-kinds', commander, body)).status).toBe(403);
    const res = await call('POST', '/api/admin/site-kinds', admin, body);
    expect(res.status).toBe(201);
    expect(siteKindRecordSchema.parse(await res.json())).toMatchObject({
      kind: added,
      shape: 'circle',
      locateGroup: 'other',
      coverage: true,
      retired: false,
      sites: 0,
    });
    expect((await call('POST', '/api/admin/site-kinds', admin, body)).status).toBe(409);
    for (const [patch, field] of [
      [{ color: 'red' }, 'color'],
      [{ color: '#ABCDEF' }, 'color'],
      [{ kind: '1abc' }, 'kind'],
      [{ kind: 'has space' }, 'kind'],
      [{ defaultRadiusM: 10 }, 'defaultRadiusM'],
      [{ locateGroup: 'everywhere' }, 'locateGroup'],
      [{ nameZh: '  ' }, 'nameZh'],
    ] as const) {
      const bad = await call('POST', '/api/admin/site-kinds', admin, { ...body, kind: 'tk_bad', ...patch });
      expect(bad.status, JSON.stringify(patch)).toBe(400);
      expect((await bad.json()).error.field).toBe(field);
    }
    const audit = await database.pool.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'write' AND target = '/api/admin/site-kinds' AND user_id = $1`,
      [admin.id],
    );
    expect(audit.rows[0].n).toBeGreaterThan(0);
  });

  it('changes and retires kinds; deletes only an unused one', async () => {
    const patched = await call('PATCH', `/api/admin/site-kinds/${added}`, admin, { color: '#112233', shape: 'ring' });
    expect(await patched.json()).toMatchObject({ color: '#112233', shape: 'ring' });
    const style = await (await call('GET', '/style.json')).json();
    const circle = style.layers.find((layer: { id: string }) => layer.id === 'sites-circle');
    expect(JSON.stringify(circle.paint['circle-stroke-color'])).toContain(`"${added}","#112233"`);
    expect((await call('PATCH', `/api/admin/site-kinds/${added}`, commander, { color: '#112233' })).status).toBe(403);
    expect((await call('PATCH', '/api/admin/site-kinds/tk_none', admin, { color: '#112233' })).status).toBe(404);
    const empty = await call('PATCH', `/api/admin/site-kinds/${added}`, admin, {});
    expect(empty.status).toBe(400);
    const inUse = await call('DELETE', `/api/admin/site-kinds/${kind}`, admin);
    expect(inUse.status).toBe(409);
    expect((await inUse.json()).error.field).toBe('code');
    expect(await (await call('PATCH', `/api/admin/site-kinds/${kind}`, admin, { retired: true })).json()).toMatchObject({ retired: true, sites: 1 });
    expect((await call('DELETE', `/api/admin/site-kinds/${added}`, admin)).status).toBe(204);
    expect((await call('DELETE', `/api/admin/site-kinds/${added}`, admin)).status).toBe(404);
  });

  it('refuses a malformed colour or code in SQL too', async () => {
    await expect(database.pool.query(`INSERT INTO site_kinds (kind, name_zh, name_en, color) VALUES ('tk_x', 'x', 'x', 'blue')`)).rejects.toThrow(
      /color_check/,
    );
    await expect(database.pool.query(`INSERT INTO site_kinds (kind, name_zh, name_en) VALUES ('TK X', 'x', 'x')`)).rejects.toThrow(/kind_check/);
  });
});
