import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createApp } from '../../server/app.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { FIXTURE_BOUNDS, FIXTURE_DISTRICT, fixtureGrids, insertMapFixture, removeMapFixture } from '../support/map-fixture.ts';
import { gdal, hasGdal, listen } from '../support/gdal.ts';
import { tileLayers } from '../../db/tiles/layers.ts';
import { tileLayerIds, type TileLayerId } from '../../core/tiles/layer-ids.ts';
import { lonLatToTile } from '../../db/tiles/tile-math.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
let folder: string;
beforeAll(async () => {
  await insertMapFixture(database);
  folder = await mkdtemp(path.join(tmpdir(), 'pingan-mvt-'));
});
afterAll(async () => {
  await removeMapFixture(database);
  await database.close();
  await rm(folder, { recursive: true, force: true });
});

/** Saves a tile as {z}/{x}/{y}.pbf, the layout GDAL's MVT driver georeferences a lone tile from. */
async function saveTile(layer: string, z: number, x: number, y: number): Promise<string> {
  const res = await app.request(`/tiles/${layer}/${z}/${x}/${y}`, { headers: { 'accept-encoding': 'gzip' } });
  expect(res.status, `${layer} ${z}/${x}/${y}`).toBe(200);
  const file = path.join(folder, layer, String(z), String(x), `${y}.pbf`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, gunzipSync(Buffer.from(await res.arrayBuffer())));
  return file;
}

/** GDAL's reading of a layer of the tile, back in WGS-84 GeoJSON. */
async function readWithGdal(file: string, layer: string) {
  const { code, output } = await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', '-t_srs', 'EPSG:4326', file, layer]);
  expect(code, output).toBe(0);
  return JSON.parse(output) as { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] };
}

const flatten = (coordinates: unknown): [number, number][] =>
  typeof (coordinates as unknown[])[0] === 'number' ? [coordinates as [number, number]] : (coordinates as unknown[]).flatMap(flatten);

/** A feature of the fixture in `layer` (its code, name and a point on it) from SQL. */
async function fixtureFeature(layer: TileLayerId) {
  const { table } = tileLayers[layer];
  const own = tileLayers[layer].geometry === 'point' ? `community_code LIKE '${FIXTURE_DISTRICT}%'` : `code LIKE '${FIXTURE_DISTRICT}%'`;
  const { rows } = await database.pool.query<{ code: string; name: string; lon: number; lat: number }>(
    `SELECT code, name, ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT code, name, ST_PointOnSurface(geom) AS p FROM ${table} WHERE ${own} ORDER BY code DESC LIMIT 1) q`,
  );
  return rows[0]!;
}

describe.skipIf(!hasGdal)("tiles read by GDAL's MVT driver", () => {
  it.each(tileLayerIds)('%s: GDAL reads every feature of the tile, with its attributes', async (layer) => {
    const feature = await fixtureFeature(layer);
    const z = Math.max(14, tileLayers[layer].minzoom);
    const { x, y } = lonLatToTile(feature.lon, feature.lat, z);
    const parsed = await readWithGdal(await saveTile(layer, z, x, y), layer);
    // as many features as an independent SQL count for the buffered tile envelope
    const { rows } = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${tileLayers[layer].table}
       WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${256 / 4096}), 4326))`,
      [z, x, y],
    );
    expect(parsed.features.length).toBe(rows[0]!.n);
    const read = parsed.features.find((f) => f.properties.code === feature.code);
    expect(read?.properties.name).toBe(feature.name);
    // GDAL knows only the layer's declared fields (null ones are simply absent from an MVT feature)
    for (const { properties } of parsed.features) {
      expect(Object.keys(properties).filter((key) => key !== 'mvt_id' && !(key in tileLayers[layer].fields))).toEqual([]);
    }
  });

  it('places a grid cell where it is, with its Chinese name and figures', async () => {
    const grid = fixtureGrids()[5]!;
    const z = 15;
    const { x, y } = lonLatToTile(grid.center[0], grid.center[1], z);
    const file = await saveTile('grid_cells', z, x, y);
    const parsed = await readWithGdal(file, 'grid_cells');
    const feature = parsed.features.find((f) => f.properties.code === grid.code);
    const { rows } = await database.pool.query('SELECT households, population FROM grid_cells WHERE code = $1', [grid.code]);
    expect(feature?.properties).toMatchObject({ name: grid.name, households: rows[0].households, population: rows[0].population });
    // every vertex GDAL decodes lies on the cell's box (clipped to the tile buffer), within a tile unit
    const unit = 360 / 2 ** z / 4096;
    const [west, south, east, north] = grid.box;
    for (const [lon, lat] of flatten(feature!.geometry.coordinates)) {
      expect(lon).toBeGreaterThanOrEqual(west - 2 * unit);
      expect(lon).toBeLessThanOrEqual(east + 2 * unit);
      expect(lat).toBeGreaterThanOrEqual(south - 2 * unit);
      expect(lat).toBeLessThanOrEqual(north + 2 * unit);
    }
    const label = (await readWithGdal(file, 'grid_cells_label')).features.find((f) => f.properties.code === grid.code);
    const [lon, lat] = flatten(label!.geometry.coordinates)[0]!;
    expect(lon > west && lon < east && lat > south && lat < north).toBe(true);
  });

  it('reads a zoom level of a tileset over HTTP, found through /tiles/{layer}.json', async () => {
    const server = await listen(app);
    try {
      const [west, south, east, north] = [FIXTURE_BOUNDS.west, FIXTURE_BOUNDS.south, FIXTURE_BOUNDS.east, FIXTURE_BOUNDS.north];
      const { code, output } = await gdal('ogr2ogr', [
        '-f',
        'GeoJSON',
        '/vsistdout/',
        '-spat',
        String(west),
        String(south),
        String(east),
        String(north),
        '-spat_srs',
        'EPSG:4326',
        '-t_srs',
        'EPSG:4326',
        `MVT:${server.url}/tiles/grid_cells/13`,
        'grid_cells',
      ]);
      expect(code, output).toBe(0);
      const codes = new Set((JSON.parse(output) as { features: { properties: { code: string } }[] }).features.map((f) => f.properties.code));
      // every fixture cell, each seen in one or more tiles (GDAL does not stitch pieces across tiles)
      expect([...codes].filter((c) => c.startsWith(FIXTURE_DISTRICT)).sort()).toEqual(
        fixtureGrids()
          .map((grid) => grid.code)
          .sort(),
      );
    } finally {
      await server.close();
    }
  });
});
