/**
 * A hand-built walking test area (district 950100, around 126.00–126.03°E 41.00–41.02°N, away from the
 * demo city and the other fixtures): one street, a west and an east community split by a river along
 * 126.015°E, crossed by ONE footbridge at 41.019°N. A mediation point stands on the west bank.
 *
 *         (bridge, 41.019) W2 ────────── E2
 *                          │               │  C (east, 300 hh) at 41.017
 *   D ─────── A ───────── M  ~~ river ~~  E1 ── B (east, 200 hh)        street at 41.010
 *  (150 hh)  (100 hh)   site
 *
 * Straight line, 1,080 m (15 minutes at 1.2 m/s): all four compounds are covered. Walking 15 minutes:
 * only A (≈294 m, 4.1 min) and D (≈672 m, 9.3 min); B and C are ≈2.2 km / ≈1.3 km round by the bridge.
 */
import type { Database } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { insertRoadGraph } from '../../db/queries/roads.ts';
import { nodeLines, type RoadLine } from '../../core/graph/noding.ts';
import { WALK_SPEED_MPS } from '../../core/graph/walk.ts';
import { removeDistricts } from './areas.ts';

export const WALK = { district: '950100', street: '950100001', west: '950100001001', east: '950100001002' } as const;
/** ids of the fixture's vertices and edges start above this (the demo network keeps 1…n) */
export const WALK_ID_BASE = 900_000_000;
const Y = 41.01;
const TOP = 41.019;

export const walkPoints = {
  D: [126.0065, Y],
  A: [126.011, Y],
  M: [126.0145, Y],
  E1: [126.0155, Y],
  B: [126.0165, Y],
  W2: [126.0145, TOP],
  E2: [126.0155, TOP],
  C: [126.0155, 41.017],
} as const;
const P = walkPoints;

/** The road lines (GeoJSON properties included), in import order; the bridge is feature 4. */
export const walkLines: { coords: number[][]; properties: Record<string, unknown> }[] = [
  { coords: [[126.002, Y], [...P.D]], properties: { class: 'residential', name: '西街' } },
  { coords: [[...P.D], [...P.A]], properties: { class: 'residential', name: '西街' } },
  { coords: [[...P.A], [...P.M]], properties: { class: 'residential', name: '西街' } },
  { coords: [[...P.M], [...P.W2]], properties: { class: 'residential', name: '西岸路' } },
  { coords: [[...P.W2], [...P.E2]], properties: { class: 'footway', name: '步行桥', layer: 1 } },
  { coords: [[...P.E2], [...P.C]], properties: { class: 'residential', name: '东岸路' } },
  { coords: [[...P.C], [...P.E1]], properties: { class: 'residential', name: '东岸路' } },
  { coords: [[...P.E1], [...P.B]], properties: { class: 'residential', name: '东街' } },
  { coords: [[...P.B], [126.028, Y]], properties: { class: 'residential', name: '东街' } },
];

export const walkCompounds = [
  { code: 'WK-D', community: WALK.west, households: 150, at: P.D },
  { code: 'WK-A', community: WALK.west, households: 100, at: P.A },
  { code: 'WK-B', community: WALK.east, households: 200, at: P.B },
  { code: 'WK-C', community: WALK.east, households: 300, at: P.C },
] as const;
export const WALK_SITE = 'WK-MP-1';

/** The lines as a GeoJSON FeatureCollection (for the importer). */
export const walkGeoJson = () =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: walkLines.map((l) => ({ type: 'Feature', properties: l.properties, geometry: { type: 'LineString', coordinates: l.coords } })),
  });

const box = (w: number, s: number, e: number, n: number) =>
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

/**
 * Inserts areas, compounds, the site and the road graph (ids above WALK_ID_BASE), removing leftovers first.
 *
 * @example
 * beforeAll(() => insertWalkFixture(database)); afterAll(() => removeWalkFixture(database));
 */
export async function insertWalkFixture(database: Database): Promise<void> {
  await removeWalkFixture(database);
  const lines: RoadLine[] = walkLines.map((l) => ({ coords: l.coords, layer: Number(l.properties.layer ?? 0) }));
  const noded = nodeLines(lines);
  if (noded.problems.length) throw new Error(`walk fixture does not node: ${JSON.stringify(noded.problems)}`);
  await withTransaction(database, async (client) => {
    const area = (p: string) => `ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${p}), 4326))`;
    const row = `'2023', true, 'test'`;
    await client.query(
      `INSERT INTO districts (code, name, code_vintage, synthetic, source, parent_code, geom) VALUES ($1, '步行测试区', ${row}, '950000', ${area('$2')})`,
      [WALK.district, box(126.0, 41.0, 126.03, 41.02)],
    );
    await client.query(
      `INSERT INTO streets (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES ($1, '步行测试街道', ${row}, $2, 'subdistrict', ${area('$3')})`,
      [WALK.street, WALK.district, box(126.0, 41.0, 126.03, 41.02)],
    );
    for (const [code, name, w, e] of [
      [WALK.west, '河西社区', 126.0, 126.015],
      [WALK.east, '河东社区', 126.015, 126.03],
    ] as const) {
      await client.query(
        `INSERT INTO communities (code, name, code_vintage, synthetic, source, parent_code, kind, geom) VALUES ($1, $2, ${row}, $3, 'community', ${area('$4')})`,
        [code, name, WALK.street, box(w, 41.0, e, 41.02)],
      );
      await client.query(
        `INSERT INTO grid_cells (code, name, code_vintage, synthetic, source, parent_code, kind, households, population, geom)
         VALUES ($1, $2, ${row}, $3, 'general', 300, 800, ${area('$4')})`,
        [`${code}00`, `${name}第00网格`, code, box(w, 41.0, e, 41.02)],
      );
    }
    for (const c of walkCompounds) {
      await client.query(
        `INSERT INTO compounds (code, name, community_code, households, population, synthetic, source, geom)
         VALUES ($1, $2, $3, $4, $5, true, 'test', ST_SetSRID(ST_MakePoint($6, $7), 4326))`,
        [c.code, `步行小区${c.code.slice(-1)}`, c.community, c.households, c.households * 2, c.at[0], c.at[1]],
      );
    }
    await client.query(
      `INSERT INTO sites (code, kind, name, district_code, street_code, community_code, synthetic, source, geom)
       VALUES ($1, 'mediation_point', '河西评理说事点', $2, $3, $4, true, 'test', ST_SetSRID(ST_MakePoint($5, $6), 4326))`,
      [WALK_SITE, WALK.district, WALK.street, WALK.west, P.M[0], P.M[1]],
    );
    const edges = noded.edges.map((e) => {
      const props = walkLines[e.line]!.properties;
      const cls = String(props.class);
      return {
        ...e,
        roadClass: cls,
        name: String(props.name),
        oneway: false,
        walk: true,
        drive: cls !== 'footway',
        layer: Number(props.layer ?? 0),
        synthetic: true,
        feature: e.line,
      };
    });
    await insertRoadGraph(client, noded.vertices, edges, { origin: 'walk-fixture', speed: WALK_SPEED_MPS, idBase: WALK_ID_BASE });
  });
}

/** Removes what insertWalkFixture inserted. */
export async function removeWalkFixture(database: Database): Promise<void> {
  await withTransaction(database, async (client) => {
    await client.query(`DELETE FROM road_edges WHERE id > $1 AND id <= $1 + 1000`, [WALK_ID_BASE]);
    await client.query(`DELETE FROM road_vertices WHERE id > $1 AND id <= $1 + 1000`, [WALK_ID_BASE]);
    await client.query(`DELETE FROM sites WHERE code LIKE 'WK-%'`);
    await removeDistricts((text, values) => client.query(text, values), [WALK.district]);
  });
}
