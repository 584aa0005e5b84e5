/**
 * OGC API – Tiles over the vector tiles, read by hand and by GDAL 3.6 (its OGCAPI and MVT drivers):
 * the tile matrix set, a collection's tileset whose URL template is the existing tile route, and the
 * dataset tile holding every layer. GDAL 3.6's OGCAPI driver itself cannot read vector tiles of a
 * WebMercatorQuad tileset (it compares the collection's CRS84 extent with Web-Mercator tile indices
 * and finds none; docs/interop.md), so GDAL is checked on the template and the tile matrix set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.ts';
import { lonLatToTile } from '../../db/tiles/tile-math.ts';
import { tileLayerIds } from '../../core/tiles/layer-ids.ts';
import { tilesetSchema, tileMatrixSetSchema } from '../../core/contracts/ogc-tiles.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { decodeTileResponse } from '../support/mvt.ts';
import { gdal, hasGdal, listen } from '../support/gdal.ts';
import { IA, igrids, insertInteropFixture, ipoints, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv() });
beforeAll(() => insertInteropFixture(database));
afterAll(async () => {
  await removeInteropFixture(database);
  await database.close();
});

type Link = { rel: string; href: string; type?: string; templated?: boolean };
const getJson = async (path: string) => {
  const res = await app.request(`http://localhost${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
};
const local = (href: string) => new URL(href).pathname;
const z14 = lonLatToTile(ipoints.a1[0], ipoints.a1[1], 14);

describe('OGC API – Tiles documents', () => {
  it('declares the tiles classes and links the tilesets from the landing page and each layer', async () => {
    const { conformsTo } = await getJson('/ogc/conformance');
    for (const cls of ['core', 'tileset', 'tilesets-list', 'dataset-tilesets', 'geodata-tilesets', 'mvt']) {
      expect(conformsTo).toContain(`http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/${cls}`);
    }
    const landing = await getJson('/ogc');
    expect(landing.links.find((l: Link) => l.rel.endsWith('/tilesets-vector')).href).toBe('http://localhost/ogc/tiles');
    const grid = await getJson('/ogc/collections/grid_cells');
    expect(grid.links.find((l: Link) => l.rel.endsWith('/tilesets-vector')).href).toBe('http://localhost/ogc/collections/grid_cells/tiles');
  });

  it('serves WebMercatorQuad as TMS 2.0 with the standard scales', async () => {
    const list = await getJson('/ogc/tileMatrixSets');
    expect(list.tileMatrixSets.map((s: { id: string }) => s.id)).toEqual(['WebMercatorQuad']);
    const tms = tileMatrixSetSchema.parse(await getJson('/ogc/tileMatrixSets/WebMercatorQuad'));
    expect(tms.crs).toBe('http://www.opengis.net/def/crs/EPSG/0/3857');
    expect(tms.tileMatrices[0]!.scaleDenominator).toBeCloseTo(559082264.028717, 3);
    expect(tms.tileMatrices[12]).toMatchObject({ id: '12', matrixWidth: 4096, tileWidth: 256 });
    expect(tms.tileMatrices[12]!.cellSize).toBeCloseTo(38.21851414258813, 9);
    expect((await app.request('/ogc/tileMatrixSets/WorldCRS84Quad')).status).toBe(404);
  });

  it("links a layer's tileset to the existing tile route, whose tiles it describes", async () => {
    const list = await getJson('/ogc/collections/grid_cells/tiles');
    const set = tilesetSchema.parse(await getJson(local(list.tilesets[0].links.find((l: Link) => l.rel === 'self').href)));
    expect(set.layers.map((l) => l.id)).toEqual(['grid_cells', 'grid_cells_label']);
    expect(set.layers[0]).toMatchObject({ geometryDimension: 2, minTileMatrix: '12', maxTileMatrix: '16' });
    const item = set.links.find((l) => l.rel === 'item')!;
    expect(item).toMatchObject({ type: 'application/vnd.mapbox-vector-tile', templated: true });
    const url = item.href.replace('{tileMatrix}', '14').replace('{tileRow}', String(z14.y)).replace('{tileCol}', String(z14.x));
    expect(new URL(url).pathname).toBe(`/tiles/grid_cells/14/${z14.x}/${z14.y}.pbf`);
    const tile = await decodeTileResponse(await app.request(url.replace('http://localhost', '')));
    expect(tile.grid_cells!.map((f) => f.code)).toContain(igrids.a1);
    const limits = set.tileMatrixSetLimits.find((l) => l.tileMatrix === '14')!;
    expect(z14.x).toBeGreaterThanOrEqual(limits.minTileCol);
    expect(z14.y).toBeLessThanOrEqual(limits.maxTileRow);
    expect((await app.request('/ogc/collections/incidents/tiles')).status).toBe(404);
  });

  it('serves a dataset tile with every layer of its zoom in one MVT', async () => {
    const set = tilesetSchema.parse(await getJson('/ogc/tiles/WebMercatorQuad'));
    expect(set.layers.filter((l) => !l.id.endsWith('_label')).map((l) => l.id)).toEqual([...tileLayerIds]);
    const res = await app.request(`/ogc/tiles/WebMercatorQuad/14/${z14.y}/${z14.x}`);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const tile = await decodeTileResponse(res);
    expect(tile.districts!.map((f) => f.code)).toContain(IA.district);
    expect(tile.grid_cells!.map((f) => f.code)).toContain(igrids.a1);
    expect(tile.sites!.map((f) => f.code)).toContain('IO-S-A1');
    expect((await app.request(`/ogc/tiles/WebMercatorQuad/14/0/0`)).status).toBe(204);
    expect((await app.request(`/ogc/tiles/WebMercatorQuad/2/4/0`)).status).toBe(404);
  });
});

describe.skipIf(!hasGdal)('GDAL reads the tiles', () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen(app);
  });
  afterAll(() => server?.close());
  const codes = (output: string) => [...output.matchAll(/^\s+code \(String\) = (.+)$/gm)].map((m) => m[1]!.trim());

  it("opens a tile through the tileset's URL template (MVT driver)", async () => {
    const set = tilesetSchema.parse(await getJson('/ogc/collections/grid_cells/tiles/WebMercatorQuad'));
    const template = set.links.find((l) => l.rel === 'item')!.href.replace('http://localhost', server.url);
    const url = template.replace('{tileMatrix}', '14').replace('{tileRow}', String(z14.y)).replace('{tileCol}', String(z14.x));
    const { code, output } = await gdal('ogrinfo', ['-ro', '-al', `MVT:${url}`]);
    expect(code, output).toBe(0);
    expect(codes(output)).toContain(igrids.a1);
  });

  it('builds a Cloud-Optimized GeoTIFF on the served tile matrix set (GDAL parses it)', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'pingan-tms-'));
    try {
      const source = path.join(folder, 'src.tif');
      const made = await gdal('gdal_create', ['-of', 'GTiff', '-outsize', '4', '4', '-a_srs', 'EPSG:4326', '-a_ullr', '125', '42.02', '125.02', '42', source]);
      expect(made.code, made.output).toBe(0);
      const cog = path.join(folder, 'cog.tif');
      const scheme = `TILING_SCHEME=${server.url}/ogc/tileMatrixSets/WebMercatorQuad`;
      const { code, output } = await gdal('gdal_translate', ['-q', '-of', 'COG', '-co', scheme, '-co', 'ZOOM_LEVEL=14', source, cog]);
      expect(code, output).toBe(0);
      const info = await gdal('gdalinfo', ['-json', cog]);
      // snapped to the zoom-14 tiles of WebMercatorQuad: whole 256-pixel tiles, 9.55 m pixels
      const parsed = JSON.parse(info.output) as { size: [number, number]; geoTransform: number[] };
      expect(parsed.size[0] % 256).toBe(0);
      expect(parsed.geoTransform[1]).toBeCloseTo(9.554628535647032, 6);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
