import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { fixtureGrids, insertMapFixture, removeMapFixture, FIXTURE_BOUNDS } from '../support/map-fixture.ts';
import { decodeTileResponse } from '../support/mvt.ts';
import { tileJsonSchema } from '../../core/contracts/map.ts';
import { errorResponseSchema } from '../../core/contracts/errors.ts';
import { tileLayers } from '../../db/tiles/layers.ts';
import { tileLayerIds, type TileLayerId } from '../../core/tiles/layer-ids.ts';
import { lonLatToTile } from '../../db/tiles/tile-math.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
beforeAll(() => insertMapFixture(database));
afterAll(async () => {
  await removeMapFixture(database);
  await database.close();
});

const gzip = { headers: { 'accept-encoding': 'gzip' } };

/** Independent count: rows whose geometry meets the tile envelope grown by the 256/4096 buffer. */
async function sqlCount(layer: TileLayerId, z: number, x: number, y: number, labels = false) {
  const { table } = tileLayers[layer];
  const geom = labels ? 'ST_PointOnSurface(geom)' : 'geom';
  const envelope = labels
    ? `ST_Transform(ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${64 / 4096}), 4326)`
    : `ST_Transform(ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${256 / 4096}), 4326)`;
  const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ST_Intersects(${geom}, ${envelope})`);
  return rows[0].n as number;
}

/** Tiles to compare: around the fixture at every zoom of the layer, and over the demo city if loaded. */
async function sampleTiles(layer: TileLayerId): Promise<[number, number, number][]> {
  const { minzoom, maxzoom } = tileLayers[layer];
  const points: [number, number][] = [
    [124.6, 41.08],
    [FIXTURE_BOUNDS.west, FIXTURE_BOUNDS.north],
  ];
  const demo = await database.pool.query(
    `SELECT ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT ST_PointOnSurface(geom) AS c FROM grid_cells WHERE code NOT LIKE '990100%' LIMIT 1) q`,
  );
  if (demo.rows[0]) points.push([demo.rows[0].lon, demo.rows[0].lat]);
  const tiles: [number, number, number][] = [];
  for (const [lon, lat] of points)
    // from z8: below that a small district is under a pixel, and ST_AsMVT rightly drops what collapses
    for (const z of new Set([Math.max(minzoom, 8), 12, 14, maxzoom].filter((z) => z >= minzoom && z <= maxzoom))) {
      const { x, y } = lonLatToTile(lon, lat, z);
      tiles.push([z, x, y]);
    }
  return tiles;
}

describe('TileJSON', () => {
  it.each(tileLayerIds)('describes %s as valid TileJSON 3.0.0 with a versioned tile URL', async (layer) => {
    const res = await app.request(`/tiles/${layer}`);
    expect(res.status).toBe(200);
    const tileJson = tileJsonSchema.parse(await res.json());
    const version = await database.pool.query('SELECT sum(version)::int AS v FROM data_versions WHERE layer = ANY($1)', [tileLayers[layer].dependsOn]);
    expect(tileJson.tiles[0]).toBe(`http://localhost/tiles/${layer}/{z}/{x}/{y}.pbf?v=${version.rows[0].v}`);
    expect(tileJson.attribution).toContain('AMap (高德)');
    expect(tileJson.vector_layers.map((l) => l.id)).toContain(layer);
    expect(tileJson.bounds[0]).toBeLessThanOrEqual(124.56);
    expect(tileJson.bounds[3]).toBeGreaterThanOrEqual(41.12);
  });

  it('answers an unknown layer with a 404 naming the field', async () => {
    const res = await app.request('/tiles/roads');
    expect(res.status).toBe(404);
    expect(errorResponseSchema.parse(await res.json()).error).toMatchObject({ code: 'unknown_layer', field: 'layer' });
  });
});

describe('vector tiles', () => {
  it.each(tileLayerIds)('%s: feature counts equal an SQL count for the same envelope', async (layer) => {
    for (const [z, x, y] of await sampleTiles(layer)) {
      const res = await app.request(`/tiles/${layer}/${z}/${x}/${y}`, gzip);
      expect([200, 204]).toContain(res.status);
      const decoded = await decodeTileResponse(res);
      expect(decoded[layer]?.length ?? 0, `${layer} ${z}/${x}/${y}`).toBe(await sqlCount(layer, z, x, y));
      if (tileLayers[layer].geometry === 'polygon') {
        const expected = z >= (tileLayers[layer].labelMinzoom ?? 0) ? await sqlCount(layer, z, x, y, true) : 0;
        expect(decoded[`${layer}_label`]?.length ?? 0, `${layer}_label ${z}/${x}/${y}`).toBe(expected);
      }
    }
  });

  it('carries names, codes and figures, gzip-compressed, with ETag and Cache-Control', async () => {
    const grid = fixtureGrids()[0]!;
    const { x, y } = lonLatToTile(grid.center[0], grid.center[1], 14);
    const tileJson = tileJsonSchema.parse(await (await app.request('/tiles/grid_cells')).json());
    const url = new URL(tileJson.tiles[0]!.replace('{z}', '14').replace('{x}', String(x)).replace('{y}', String(y)));
    const res = await app.request(url.pathname + url.search, gzip);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const features = (await decodeTileResponse(res)).grid_cells!;
    expect(features.find((f) => f.code === grid.code)).toMatchObject({ name: grid.name, households: 100, population: 250, $type: 3 });

    const etag = res.headers.get('etag')!;
    const again = await app.request(url.pathname + url.search, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const plain = await app.request(url.pathname);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('cache-control')).toContain('must-revalidate');
    expect((await decodeTileResponse(plain)).grid_cells).toHaveLength(features.length);
  });

  it('a data edit changes the tile URLs and the tile content', async () => {
    const grid = fixtureGrids()[1]!;
    const before = tileJsonSchema.parse(await (await app.request('/tiles/grid_cells')).json()).tiles[0]!;
    const districtsBefore = tileJsonSchema.parse(await (await app.request('/tiles/districts')).json()).tiles[0]!;
    await database.pool.query('UPDATE grid_cells SET name = $2, households = 777 WHERE code = $1', [grid.code, '改名网格']);
    const after = tileJsonSchema.parse(await (await app.request('/tiles/grid_cells')).json()).tiles[0]!;
    const districtsAfter = tileJsonSchema.parse(await (await app.request('/tiles/districts')).json()).tiles[0]!;
    expect(after).not.toBe(before);
    // district households are sums over grids, so their tiles move on too
    expect(districtsAfter).not.toBe(districtsBefore);
    const { x, y } = lonLatToTile(grid.center[0], grid.center[1], 14);
    const url = new URL(after.replace('{z}', '14').replace('{x}', String(x)).replace('{y}', String(y)));
    const features = (await decodeTileResponse(await app.request(url.pathname + url.search, gzip))).grid_cells!;
    expect(features.find((f) => f.code === grid.code)).toMatchObject({ name: '改名网格', households: 777 });
    await database.pool.query('UPDATE grid_cells SET name = $2, households = 101 WHERE code = $1', [grid.code, grid.name]);
  });

  it('rejects impossible tiles and zooms outside the layer, naming the field', async () => {
    const bad = await app.request('/tiles/grid_cells/12/5000/1');
    expect(bad.status).toBe(400);
    expect(errorResponseSchema.parse(await bad.json()).error.field).toBe('x');
    const low = await app.request('/tiles/grid_cells/3/1/1');
    expect(low.status).toBe(404);
    expect(errorResponseSchema.parse(await low.json()).error).toMatchObject({ code: 'zoom_out_of_range', field: 'z' });
    const junk = await app.request('/tiles/districts/1/0/abc');
    expect(junk.status).toBe(400);
    expect(errorResponseSchema.parse(await junk.json()).error.field).toBe('y');
  });

  it('answers an empty tile with 204 and a .mvt suffix like the bare path', async () => {
    const empty = await app.request('/tiles/districts/10/0/0');
    expect(empty.status).toBe(204);
    const { x, y } = lonLatToTile(124.6, 41.08, 10);
    const suffixed = await app.request(`/tiles/districts/10/${x}/${y}.mvt`, gzip);
    expect((await decodeTileResponse(suffixed)).districts?.length).toBeGreaterThan(0);
  });
});
