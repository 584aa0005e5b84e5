/**
 * `GET /api/about/data` (#20.8): every count equals an independent SQL count of the same tables, the
 * district areas equal ST_Area on the spheroid, and the article's figures stand beside the data's.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { aboutDataSchema, type AboutData } from '../../core/contracts/about.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
afterAll(() => database.close());

const read = async (): Promise<AboutData> => {
  const res = await app.request('/api/about/data');
  expect(res.status).toBe(200);
  return aboutDataSchema.parse(await res.json());
};
const count = async (sql: string) => Number((await database.pool.query<{ n: string }>(sql)).rows[0]!.n);

describe('GET /api/about/data', () => {
  it('counts each level and kind as SQL does', async () => {
    const about = await read();
    for (const [key, table] of [
      ['districts', 'districts'],
      ['streets', 'streets'],
      ['communities', 'communities'],
      ['gridCells', 'grid_cells'],
    ] as const) {
      expect(about[key].total, key).toBe(await count(`SELECT count(*) AS n FROM ${table}`));
      expect(about[key].synthetic, key).toBe(await count(`SELECT count(*) AS n FROM ${table} WHERE synthetic`));
    }
    expect(about.streets.total).toBeGreaterThan(0);
    for (const kind of ['subdistrict', 'town', 'township', 'other'])
      expect(about.streets.byKind[kind] ?? 0, kind).toBe(await count(`SELECT count(*) AS n FROM streets WHERE kind = '${kind}'`));
    for (const kind of ['community', 'village', 'other'])
      expect(about.communities.byKind[kind] ?? 0, kind).toBe(await count(`SELECT count(*) AS n FROM communities WHERE kind = '${kind}'`));
    expect(about.article.streets).toMatchObject({ article: 110, data: about.streets.total });
    expect(about.article.communities).toMatchObject({ article: 941, data: about.communities.total });
  });

  it('gives district areas on the spheroid and the difference from a cited official area', async () => {
    const about = await read();
    const { rows } = await database.pool.query<{ code: string; km2: number }>(
      `SELECT code, ST_Area(geom::geography) / 1e6 AS km2 FROM districts ORDER BY code`,
    );
    expect(about.districtAreas.map((d) => d.code)).toEqual(rows.map((r) => r.code));
    rows.forEach((r, i) => expect(about.districtAreas[i]!.areaKm2).toBeCloseTo(r.km2, 0));
    for (const d of about.districtAreas) {
      if (d.officialKm2 === null) expect(d.difference).toBeNull();
      else {
        expect(d.officialSource).toBeTruthy();
        expect(d.difference!).toBeCloseTo((d.areaKm2 - d.officialKm2) / d.officialKm2, 2);
      }
    }
    expect(about.sources.map((s) => s.what).join(' ')).toMatch(/synthetic|boundaries/);
  });
});
