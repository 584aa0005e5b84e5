import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { FF, insertFieldFixture, removeFieldFixture } from '../support/field-fixture.ts';
import { searchResultSchema, type SearchHit } from '../../core/contracts/field.ts';
import { ensureSearchIndex, nameGrams, pinyinOf, refreshSearchIndex } from '../../db/queries/search-index.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
/** Two extra districts named like real ones (codes outside the demo city) for the pinyin cases of the issue. */
const named = [
  ['960300', '和平区'],
  ['960400', '沈河区'],
] as const;
const box = (w: number) =>
  JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [w, 42.3],
          [w + 0.05, 42.3],
          [w + 0.05, 42.35],
          [w, 42.35],
          [w, 42.3],
        ],
      ],
    ],
  });

async function removeNamed() {
  await database.pool.query(`DELETE FROM districts WHERE code IN ('960300', '960400', '960500')`);
}

beforeAll(async () => {
  await insertFieldFixture(database);
  await removeNamed();
  for (const [i, [code, name]] of named.entries()) {
    await database.pool.query(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom)
      VALUES ($1, $2, '2023', true, 'test', '960000', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)))`,
      [code, name, box(121.0 + i * 0.1)],
    );
  }
  expect(await refreshSearchIndex(database)).toBeGreaterThan(400);
});
afterAll(async () => {
  await removeFieldFixture(database);
  await removeNamed();
  await refreshSearchIndex(database);
  await database.close();
});

async function search(q: string, status = 200): Promise<SearchHit[]> {
  const res = await app.request(`/api/search?q=${encodeURIComponent(q)}`);
  expect(res.status, `${q}: ${await res.clone().text()}`).toBe(status);
  return status === 200 ? searchResultSchema.parse(await res.json()).items : [];
}
/** Only the fixture's hits (the shared database may hold the demo city too). */
const ours = (hits: SearchHit[]) => hits.filter((h) => h.code.startsWith('96') || h.code.startsWith('FF-'));

describe('pinyin and grams (index build)', () => {
  it('spells names in toneless pinyin and initials, and slices 1–2 character grams', () => {
    expect(pinyinOf('沈河区')).toEqual({ full: 'shenhequ', initials: 'shq' });
    expect(pinyinOf('和平区')).toEqual({ full: 'hepingqu', initials: 'hpq' });
    expect(pinyinOf('长白街道')).toEqual({ full: 'changbaijiedao', initials: 'cbjd' });
    expect(pinyinOf('重庆路社区').full).toBe('chongqinglushequ');
    expect(pinyinOf('第12网格').full).toBe('di12wangge');
    expect(nameGrams('沈河区')).toEqual(['沈', '河', '区', '沈河', '河区']);
  });
});

describe('GET /api/search', () => {
  it('finds districts by initials and full pinyin (hp → 和平区, shenhe → 沈河区)', async () => {
    expect((await search('hp'))[0]).toMatchObject({ kind: 'district', name: '和平区', match: 'initials-prefix' });
    expect((await search('hpq'))[0]).toMatchObject({ name: '和平区', match: 'initials' });
    expect((await search('shenhe'))[0]).toMatchObject({ kind: 'district', name: '沈河区', match: 'pinyin-prefix' });
    expect((await search('Shen He Qu'))[0]).toMatchObject({ name: '沈河区', match: 'pinyin' });
    expect((await search('hequ')).map((h) => h.name)).toContain('沈河区'); // pinyin substring (trigram index)
  });

  it('ranks Chinese matches exact, then prefix, then substring, coarser levels first', async () => {
    const exact = ours(await search('野测东区'));
    expect(exact[0]).toMatchObject({ kind: 'district', code: FF.d1, match: 'name' });
    const one = ours(await search('野'));
    expect(one.slice(0, 2).map((h) => h.code)).toEqual([FF.d1, FF.d2]);
    expect(one[2]).toMatchObject({ kind: 'street', match: 'name-prefix' });
    const inner = ours(await search('东区'));
    expect(inner[0]).toMatchObject({ code: FF.d1, match: 'name-substring' });
    const grid = ours(await search('北二社区第2网格'));
    expect(grid[0]).toMatchObject({ kind: 'grid', code: '96010000200202', context: '野测东区 · 野测北街道 · 野测北二社区' });
    expect(await search('不存在的地方')).toEqual([]);
  });

  it('finds codes by prefix, the exact code first', async () => {
    const district = await search('960100');
    expect(district[0]).toMatchObject({ kind: 'district', code: FF.d1, match: 'code' });
    expect(district[1]).toMatchObject({ kind: 'street', match: 'code-prefix' });
    const community = await search('9601000010');
    expect(community.slice(0, 2).map((h) => h.code)).toEqual(['960100001001', '960100001002']);
    expect(community.slice(2).every((h) => h.kind === 'grid' && h.code.startsWith('9601000010'))).toBe(true);
    const sites = await search('ff-s-000');
    expect(sites.map((h) => h.code).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `FF-S-000${i}`));
  });

  it('returns at most 20 hits, each with a bbox', async () => {
    const many = await search('野测');
    expect(many).toHaveLength(20);
    const district = (await search('野测东区'))[0]!;
    expect(district.bbox).toEqual([121.0, 42.0, 121.2, 42.2]);
    const site = (await search('FF-S-0007'))[0]!;
    expect(site).toMatchObject({ kind: 'site', subkind: expect.any(String) });
    expect(site.bbox[0]).toBe(site.bbox[2]);
    expect(site.bbox[1]).toBe(site.bbox[3]);
  });

  it('refuses an empty or overlong query naming q; treats LIKE wildcards literally', async () => {
    for (const q of ['', '   ', 'x'.repeat(41)]) {
      const res = await app.request(`/api/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string } }).error.field).toBe('q');
    }
    expect((await app.request('/api/search')).status).toBe(400);
    expect(await search('%')).toEqual([]);
    expect(await search('野%')).toEqual([]);
  });

  it('rebuilds the index on demand when the source tables changed', async () => {
    await database.pool.query(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom)
      VALUES ('960500', '铁岭测试区', '2023', true, 'test', '960000', ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)))`,
      [box(121.3)],
    );
    await ensureSearchIndex(database, 0);
    expect((await search('tlcs'))[0]).toMatchObject({ code: '960500', name: '铁岭测试区' });
  });
});
