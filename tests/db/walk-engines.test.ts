/**
 * Walking distance on the hand-built river graph (tests/support/walk-fixture.ts): the TypeScript Dijkstra
 * against distances measured independently on the spheroid, and on PostGIS against pgRouting (the same
 * service through pgr_drivingDistance, and pgr_dijkstraCost pair by pair).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestDatabase } from '../support/database.ts';
import { insertWalkFixture, removeWalkFixture, WALK, WALK_ID_BASE, walkPoints as P } from '../support/walk-fixture.ts';
import { compoundWalks } from '../../server/planning/walk-coverage.ts';
import { walkEngineOf } from '../../server/planning/walk-engine.ts';
import { WALK_SPEED_MPS } from '../../core/graph/walk.ts';

const database = connectTestDatabase();
beforeAll(() => insertWalkFixture(database));
afterAll(async () => {
  await removeWalkFixture(database);
  await database.close();
});

/** metres along a polyline of fixture points, measured by PostGIS on the spheroid */
async function along(...points: (readonly [number, number])[]): Promise<number> {
  const { rows } = await database.pool.query<{ m: number }>(
    `SELECT ST_Length(ST_SetSRID(ST_MakeLine(ARRAY(SELECT ST_MakePoint(x, y) FROM unnest($1::float8[], $2::float8[]) AS t(x, y))), 4326)::geography) AS m`,
    [points.map((p) => p[0]), points.map((p) => p[1])],
  );
  return rows[0]!.m;
}

describe('walking distance on a river with one bridge', () => {
  it('follows the bridge: the TypeScript engine equals the path lengths measured independently', async () => {
    const { seconds } = await compoundWalks(database.pool, { kinds: ['mediation_point'], prefix: WALK.district, engine: 'dijkstra' });
    const expected = {
      'WK-A': await along(P.A, P.M),
      'WK-D': await along(P.D, P.A, P.M),
      'WK-C': await along(P.M, P.W2, P.E2, P.C),
      'WK-B': await along(P.M, P.W2, P.E2, P.C, P.E1, P.B),
    };
    for (const [code, metres] of Object.entries(expected)) expect(seconds.get(code)! * WALK_SPEED_MPS, code).toBeCloseTo(metres, 3);
    // B is 84 m from the site across the water and ≈2.2 km on foot
    expect(await along(P.M, P.B)).toBeLessThan(200);
    expect(expected['WK-B']).toBeGreaterThan(2_000);
  });

  it('runs on pgRouting where the server has it, and agrees with the TypeScript engine on the same graph', async () => {
    const engine = await walkEngineOf(database.pool);
    // PGlite has no pgRouting (the test above is its check); the PostGIS server of the tests has it (.ci/run)
    expect(engine).toBe(database.mode === 'embedded' ? 'dijkstra' : 'pgrouting');
    if (engine === 'dijkstra') return;
    const ours = await compoundWalks(database.pool, { kinds: ['mediation_point'], prefix: WALK.district, engine: 'dijkstra' });
    const theirs = await compoundWalks(database.pool, { kinds: ['mediation_point'], prefix: WALK.district, engine: 'pgrouting' });
    expect(theirs.seconds.size).toBe(4);
    for (const [code, s] of ours.seconds) expect(theirs.seconds.get(code), code).toBeCloseTo(s!, 6);
    // and pair by pair with pgr_dijkstraCost from the site's vertex to each compound's vertex
    const { rows } = await database.pool.query<{ code: string; cost: number }>(
      `WITH v AS (SELECT c.code, (SELECT id FROM road_vertices WHERE id > $1 ORDER BY geom <-> c.geom LIMIT 1) AS id
                  FROM compounds c WHERE c.community_code LIKE $2 || '%'),
            site AS (SELECT (SELECT id FROM road_vertices WHERE id > $1 ORDER BY geom <-> s.geom LIMIT 1) AS id FROM sites s WHERE s.code = 'WK-MP-1')
       SELECT v.code, d.agg_cost AS cost
       FROM v, site, pgr_dijkstraCost('SELECT id, source, target, walk_s AS cost, walk_s AS reverse_cost FROM road_edges WHERE walk', site.id, v.id, false) d`,
      [WALK_ID_BASE, WALK.district],
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(ours.seconds.get(r.code), r.code).toBeCloseTo(r.cost, 6);
  });
});
