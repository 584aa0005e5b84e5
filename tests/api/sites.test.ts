/**
 * The site card (`/api/sites/:code`), its contact (`/contact`: staff, scoped, masked, audited), a
 * gazetteer place (`/api/places/:code`) and grid workers in `/api/search` for staff only (#16.1–2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, removeAccounts, type TestAccount } from '../support/accounts.ts';
import { insertMapFixture, removeMapFixture } from '../support/map-fixture.ts';
import { placeSchema, siteCardSchema } from '../../core/contracts/sites.ts';
import { searchResultSchema } from '../../core/contracts/field.ts';
import { refreshSearchIndex } from '../../db/queries/search-index.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
const site = 'T-WP-990100001001';
let commander: TestAccount, otherDistrict: TestAccount, planner: TestAccount;
const get = (path: string, who?: TestAccount) => app.request(path, { headers: who?.bearer ?? {} });

beforeAll(async () => {
  await insertMapFixture(database);
  await database.pool.query(`UPDATE sites SET address = '测试路1号', contact_name = '王小明', contact_phone = '13800001234' WHERE code = $1`, [site]);
  await database.pool.query(`INSERT INTO site_served_communities (site_code, community_code) VALUES ($1, '990100001002')`, [site]);
  await database.pool.query(
    `INSERT INTO places (code, name, kind, district_code, synthetic, source, geom)
     VALUES ('TP-A1', '测试中街', 'street', '990100', true, 'test', ST_GeomFromText('LINESTRING(124.52 41.13, 124.58 41.13)', 4326))`,
  );
  commander = await createAccount(database, { role: 'commander', scopeCode: '990100' }, 'sites');
  otherDistrict = await createAccount(database, { role: 'commander', scopeCode: '210102' }, 'sites');
  planner = await createAccount(database, { role: 'planner' }, 'sites');
});
afterAll(async () => {
  await database.pool.query(`DELETE FROM places WHERE code = 'TP-A1'`);
  await removeMapFixture(database);
  await refreshSearchIndex(database);
  await removeAccounts(database, [commander, otherDistrict, planner]);
  await database.close();
});

describe('site card', () => {
  it('gives kind, address, areas and served communities to anyone, naming no person', async () => {
    const res = await get(`/api/sites/${site}`);
    expect(res.status).toBe(200);
    const card = siteCardSchema.parse(await res.json());
    expect(card).toMatchObject({
      code: site,
      kind: 'watch_post',
      kindName: { zh: '平安守望岗' },
      name: '测试守望岗1-1',
      address: '测试路1号',
      hours: null,
      hasContact: true,
      community: { code: '990100001001', name: '测试社区1-1' },
      serves: [{ code: '990100001002', name: '测试社区1-2' }],
    });
    expect(JSON.stringify(card)).not.toContain('王');
  });

  it('masks the contact for staff in scope, hides it outside the scope and from other roles', async () => {
    const res = await get(`/api/sites/${site}/contact`, commander);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: site, name: '王*', phone: '138****1234' });
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect((await get(`/api/sites/${site}/contact`, otherDistrict)).status).toBe(404);
    expect((await get(`/api/sites/${site}/contact`, planner)).status).toBe(403);
    expect((await get(`/api/sites/${site}/contact`)).status).toBe(401);
    const audit = await database.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'read_personal' AND target = $1`, [
      `/api/sites/${site}/contact`,
    ]);
    expect(audit.rows[0].n).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown site and 400 naming the field for a malformed code', async () => {
    expect((await get('/api/sites/NO-SUCH-SITE')).status).toBe(404);
    const bad = await get('/api/sites/%E4%B8%AD%27');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('code');
  });
});

describe('places and workers in the search', () => {
  it('returns a place with its line geometry', async () => {
    const res = await get('/api/places/TP-A1');
    expect(res.status).toBe(200);
    expect(placeSchema.parse(await res.json()).geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [124.52, 41.13],
        [124.58, 41.13],
      ],
    });
    expect((await get('/api/places/TP-NONE')).status).toBe(404);
  });

  it('finds grid workers by name for staff in scope (masked), never for the public or a planner', async () => {
    const find = async (who?: TestAccount) => searchResultSchema.parse(await (await get(`/api/search?q=${encodeURIComponent('测试员')}`, who)).json()).items;
    const staff = (await find(commander)).filter((hit) => hit.kind === 'worker');
    expect(staff.length).toBeGreaterThan(0);
    expect(staff.every((hit) => hit.name === '测*')).toBe(true);
    expect(staff[0]!.context).toContain('测试社区');
    expect((await find()).some((hit) => hit.kind === 'worker')).toBe(false);
    expect((await find(planner)).some((hit) => hit.kind === 'worker')).toBe(false);
    expect((await find(otherDistrict)).some((hit) => hit.kind === 'worker')).toBe(false);
    const street = searchResultSchema.parse(await (await get(`/api/search?q=${encodeURIComponent('测试中街')}`)).json()).items;
    expect(street[0]).toMatchObject({ kind: 'place', code: 'TP-A1', subkind: 'street', context: '测试区' });
  });
});
