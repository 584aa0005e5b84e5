/**
 * A synthetic two-district area for locate/search tests (codes 9601xx/9602xx, names "野测…", around
 * 121.0–121.3°E 42.0–42.2°N, away from the demo city and the other fixtures). Deterministic (seeded):
 *
 *   960100 野测东区 (121.0–121.2) ─ 960100001 南街道 (lat < 42.1) ─ 2 communities (split at lon 121.1)
 *                                  └ 960100002 北街道 (lat ≥ 42.1) ─ 2 communities
 *   960200 野测西区 (121.2–121.3) ─ 960200001 ─ 1 village
 *
 * Every community is cut into grids by random vertical cuts and, per column, random horizontal cuts
 * (so edges are shared exactly and there are T-junction vertices). 400 sites of four kinds are
 * scattered over the area; every other grid has a worker with a clear phone.
 */
import type { Database } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { removeDistricts } from './areas.ts';

export const FF = { d1: '960100', d2: '960200', s1: '960100001', s2: '960100002', s3: '960200001' };
export const FIELD_BOUNDS = { west: 121.0, south: 42.0, east: 121.3, north: 42.2 };
export const fieldSitePrefix = 'FF-S-';
export const fieldWorkerPrefix = 'FF-GW-';

/** Seeded uniform [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Box = [number, number, number, number];
const round = (value: number) => Math.round(value * 1e6) / 1e6;
const geojson = ([w, s, e, n]: Box) =>
  JSON.stringify({
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [w, s],
          [e, s],
          [e, n],
          [w, n],
          [w, s],
        ],
      ],
    ],
  });

export const communities: { code: string; name: string; box: Box; kind: 'community' | 'village' }[] = [
  { code: '960100001001', name: '野测南一社区', box: [121.0, 42.0, 121.1, 42.1], kind: 'community' },
  { code: '960100001002', name: '野测南二社区', box: [121.1, 42.0, 121.2, 42.1], kind: 'community' },
  { code: '960100002001', name: '野测北一社区', box: [121.0, 42.1, 121.1, 42.2], kind: 'community' },
  { code: '960100002002', name: '野测北二社区', box: [121.1, 42.1, 121.2, 42.2], kind: 'community' },
  { code: '960200001201', name: '野测西村', box: [121.2, 42.0, 121.3, 42.2], kind: 'village' },
];

/** The grids of a community: 2–3 columns, 2–3 rows per column, cut at seeded positions. */
export function gridsOf(community: (typeof communities)[number], random: () => number): { code: string; box: Box }[] {
  const [w, s, e, n] = community.box;
  const columns = 2 + Math.floor(random() * 2);
  const xs = [w, ...Array.from({ length: columns - 1 }, (_, i) => round(w + ((e - w) * (i + 1 + (random() - 0.5) * 0.6)) / columns)), e];
  const grids: { code: string; box: Box }[] = [];
  for (let c = 0; c < columns; c++) {
    const rows = 2 + Math.floor(random() * 2);
    const ys = [n, ...Array.from({ length: rows - 1 }, (_, i) => round(n - ((n - s) * (i + 1 + (random() - 0.5) * 0.6)) / rows)), s];
    for (let r = 0; r < rows; r++) grids.push({ code: '', box: [xs[c]!, ys[r + 1]!, xs[c + 1]!, ys[r]!] });
  }
  // numbered west → east, north → south (the grid code rule)
  grids.sort((a, b) => b.box[3] - a.box[3] || a.box[0] - b.box[0]);
  return grids.map((grid, i) => ({ ...grid, code: `${community.code}${String(i + 1).padStart(2, '0')}` }));
}

export const siteKindsUsed = ['mediation_point', 'mediation_room', 'watch_post', 'traffic_point'] as const;

/** Inserts the fixture in one transaction (removing leftovers first); returns the grids. */
export async function insertFieldFixture(database: Database): Promise<{ code: string; box: Box; workerCode: string | null }[]> {
  await removeFieldFixture(database);
  const random = seeded(20240601);
  return withTransaction(database, async (client) => {
    const area = (p: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${p}), 4326))`;
    const all: { code: string; box: Box; workerCode: string | null }[] = [];
    const q = (text: string, values: unknown[]) => client.query(text, values);
    await q(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom) VALUES
      ($1, '野测东区', '2023', true, 'test', '960000', ${area('$3')}), ($2, '野测西区', '2023', true, 'test', '960000', ${area('$4')})`,
      [FF.d1, FF.d2, geojson([121.0, 42.0, 121.2, 42.2]), geojson([121.2, 42.0, 121.3, 42.2])],
    );
    for (const [code, name, box, kind] of [
      [FF.s1, '野测南街道', [121.0, 42.0, 121.2, 42.1], 'subdistrict'],
      [FF.s2, '野测北街道', [121.0, 42.1, 121.2, 42.2], 'subdistrict'],
      [FF.s3, '野测西镇', [121.2, 42.0, 121.3, 42.2], 'town'],
    ] as const) {
      await q(
        `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
               VALUES ($1, $2, '2023', true, 'test', $3, $4, ${area('$5')})`,
        [code, name, code.slice(0, 6), kind, geojson(box as unknown as Box)],
      );
    }
    for (const community of communities) {
      await q(
        `INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom)
               VALUES ($1, $2, '2023', true, 'test', $3, $4, ${area('$5')})`,
        [community.code, community.name, community.code.slice(0, 9), community.kind, geojson(community.box)],
      );
      for (const [i, grid] of gridsOf(community, random).entries()) {
        const workerCode = i % 2 === 0 ? `${fieldWorkerPrefix}${grid.code}` : null;
        if (workerCode) {
          await q(`INSERT INTO grid_workers (code, name, phone, community_code, synthetic, source) VALUES ($1, $2, $3, $4, true, 'test')`, [
            workerCode,
            `野测员${grid.code.slice(-4)}`,
            `139${grid.code.slice(-8)}`,
            community.code,
          ]);
        }
        await q(
          `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, worker_code, geom)
                 VALUES ($1, $2, '2023', true, 'test', $3, 'general', $4, ${area('$5')})`,
          [grid.code, `${community.name}第${i + 1}网格`, community.code, workerCode, geojson(grid.box)],
        );
        all.push({ ...grid, workerCode });
      }
    }
    const lon: number[] = [],
      lat: number[] = [],
      kinds: string[] = [],
      codes: string[] = [],
      names: string[] = [];
    for (let i = 0; i < 400; i++) {
      lon.push(round(120.98 + random() * 0.34));
      lat.push(round(41.98 + random() * 0.24));
      const kind = siteKindsUsed[Math.floor(random() * siteKindsUsed.length)]!;
      kinds.push(kind);
      codes.push(`${fieldSitePrefix}${String(i).padStart(4, '0')}`);
      names.push(`野测${kind === 'watch_post' ? '守望岗' : kind === 'traffic_point' ? '调流点' : kind === 'mediation_room' ? '调解室' : '评理说事点'}${i}`);
    }
    await q(
      `INSERT INTO sites (code, kind, name, synthetic, source, geom)
             SELECT code, kind, name, true, 'test', ST_SetSRID(ST_MakePoint(lon, lat), 4326)
             FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[]) AS t(code, kind, name, lon, lat)`,
      [codes, kinds, names, lon, lat],
    );
    return all;
  });
}

/** Removes every fixture row, children first (and incidents a test reported inside the area). */
export async function removeFieldFixture(database: Database): Promise<void> {
  await database.pool.query(`DELETE FROM sites WHERE code LIKE '${fieldSitePrefix}%'`);
  await database.pool.query(`DELETE FROM grid_workers WHERE code LIKE '${fieldWorkerPrefix}%'`);
  await removeDistricts((text, values) => database.pool.query(text, values), [FF.d1, FF.d2]);
}
