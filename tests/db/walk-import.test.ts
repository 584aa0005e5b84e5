/**
 * `import roads`: a GeoJSON, GeoPackage and zipped Shapefile of the river fixture's lines are noded into
 * the same graph; files that cannot be noded (crossings without a shared vertex, near misses), empty
 * files and non-line geometry are refused with the feature named, and nothing is written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../db/client.ts';
import { connectTestDatabase } from '../support/database.ts';
import { gdal, hasGdal } from '../support/gdal.ts';
import { walkGeoJson } from '../support/walk-fixture.ts';
import { importRoads, importRoadsInTransaction, readRoadNetwork } from '../../geodata/importers/roads.ts';
import { ImportError } from '../../geodata/importers/errors.ts';

const database = connectTestDatabase();
const dir = mkdtempSync(path.join(tmpdir(), 'pingan-roads-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await database.close();
});

const write = (name: string, features: unknown[]) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features }));
  return file;
};
const line = (coordinates: number[][], properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties,
  geometry: { type: 'LineString', coordinates },
});

async function refusal(file: string): Promise<ImportError> {
  const before = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM road_edges');
  const error = await importRoads(database, file).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  const after = await database.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM road_edges');
  expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  return error as ImportError;
}

describe('import roads', () => {
  it('nodes the lines into vertices and edges with length and walking time (rolled back afterwards)', async () => {
    const file = path.join(dir, 'river.geojson');
    writeFileSync(file, walkGeoJson());
    const rolledBack = new Error('roll back');
    let seen: { vertices: number; edges: number; bridge: { layer: number; drive: boolean; walk_s: number; length_m: number } } | undefined;
    await withTransaction(database, async (client) => {
      const result = await importRoadsInTransaction(client, file);
      const { rows } = await client.query<{ layer: number; drive: boolean; walk_s: number; length_m: number }>(
        `SELECT layer, drive, walk_s, length_m FROM road_edges WHERE feature = 4`,
      );
      const counts = await client.query<{ v: number; e: number; bad: number }>(
        `SELECT (SELECT count(*) FROM road_vertices)::int AS v, count(*)::int AS e,
                count(*) FILTER (WHERE abs(walk_s * 1.2 - length_m) > 1e-6 OR source = target)::int AS bad FROM road_edges`,
      );
      expect(counts.rows[0]).toEqual({ v: result.vertices, e: result.edges, bad: 0 });
      seen = { vertices: result.vertices, edges: result.edges, bridge: rows[0]! };
      throw rolledBack;
    }).catch((e: unknown) => {
      if (e !== rolledBack) throw e;
    });
    expect(seen!.vertices).toBe(10);
    expect(seen!.edges).toBe(9);
    // the footbridge: on layer 1, walkable, not drivable, ≈84 m
    expect(seen!.bridge.layer).toBe(1);
    expect(seen!.bridge.drive).toBe(false);
    expect(seen!.bridge.length_m).toBeGreaterThan(80);
    expect(seen!.bridge.length_m).toBeLessThan(90);
  });

  it.runIf(hasGdal)('reads the same graph from a GeoPackage and a Shapefile', async () => {
    const source = path.join(dir, 'formats.geojson');
    writeFileSync(source, walkGeoJson());
    const gpkg = path.join(dir, 'roads.gpkg');
    expect((await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, source, '-nln', 'roads'])).code).toBe(0);
    const shp = path.join(dir, 'roads.shp');
    expect((await gdal('ogr2ogr', ['-f', 'ESRI Shapefile', shp, source, '-lco', 'ENCODING=UTF-8'])).code).toBe(0);
    for (const file of [gpkg, shp]) {
      const network = await readRoadNetwork(file);
      expect([network.vertices.length, network.edges.length], file).toEqual([10, 9]);
      expect(network.edges.find((e) => e.feature === 4)?.layer).toBe(1);
    }
  });

  it('refuses an empty file, non-line geometry and CSV', async () => {
    expect((await refusal(write('empty.geojson', []))).message).toMatch(/holds no road lines/);
    const point = await refusal(
      write('point.geojson', [
        line([
          [126, 41],
          [126.01, 41],
        ]),
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [126, 41] } },
      ]),
    );
    expect(point.featureIndex).toBe(1);
    expect(point.message).toMatch(/features\[1\], field "geometry": geometry type Point is not a road line/);
    const csv = path.join(dir, 'roads.csv');
    writeFileSync(csv, 'name,lon,lat\na,126,41\n');
    expect((await refusal(csv)).message).toMatch(/needs line geometry/);
    expect(
      (
        await refusal(
          write('bad-flag.geojson', [
            line(
              [
                [126, 41],
                [126.01, 41],
              ],
              { oneway: 'maybe' },
            ),
          ]),
        )
      ).message,
    ).toMatch(/field "oneway": "maybe" is not a yes\/no value/);
  });

  it('refuses lines that cross without a shared vertex, unless they lie on different layers', async () => {
    const cross = [
      line([
        [126.0, 41.0],
        [126.01, 41.01],
      ]),
      line([
        [126.0, 41.01],
        [126.01, 41.0],
      ]),
    ];
    const error = await refusal(write('cross.geojson', cross));
    expect(error.message).toMatch(/1 place where the lines cannot be noded/);
    expect(error.message).toMatch(/features\[0\]: crosses features\[1\] at \(126\.005000, 41\.005000\) on the same layer without a shared vertex/);
    // an overpass: no junction, two separate lines
    const over = await readRoadNetwork(
      write('over.geojson', [
        cross[0],
        line(
          [
            [126.0, 41.01],
            [126.01, 41.0],
          ],
          { layer: 1 },
        ),
      ]),
    );
    expect([over.vertices.length, over.edges.length]).toEqual([4, 2]);
    // the same crossing with the vertex in both lines: a junction, four edges
    const noded = await readRoadNetwork(
      write('noded.geojson', [
        line([
          [126.0, 41.0],
          [126.005, 41.005],
          [126.01, 41.01],
        ]),
        line([
          [126.0, 41.01],
          [126.005, 41.005],
          [126.01, 41.0],
        ]),
      ]),
    );
    expect([noded.vertices.length, noded.edges.length]).toEqual([5, 4]);
  });

  it('refuses a line that ends a few centimetres short of another', async () => {
    const error = await refusal(
      write('near.geojson', [
        line([
          [126.0, 41.0],
          [126.01, 41.0],
        ]),
        line([
          [126.005, 41.01],
          [126.005, 41.000005],
        ]),
      ]),
    );
    expect(error.featureIndex).toBe(1);
    expect(error.message).toMatch(/features\[1\]: ends 0\.5\d? m from features\[0\] at \(126\.005000, 41\.000005\) without touching it/);
  });
});
