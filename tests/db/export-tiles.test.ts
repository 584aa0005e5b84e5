/**
 * `npm run geodata -- export-tiles`: one district at a low max zoom, written as PMTiles and MBTiles and
 * read back by readers that are not ours: the `pmtiles` library (PMTiles v3) and GDAL's MBTiles driver.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import { collectTiles, type TileSet } from '../../geodata/export/tiles.ts';
import { writePmtiles } from '../../geodata/export/pmtiles.ts';
import { writeMbtiles } from '../../geodata/export/mbtiles.ts';
import { parseExportCommand } from '../../geodata/export/cli.ts';
import { createTileSource } from '../../db/tiles/source.ts';
import { lonLatToTile, MERCATOR_HALF } from '../../db/tiles/tile-math.ts';
import { connectTestDatabase } from '../support/database.ts';
import { decodeTile } from '../support/mvt.ts';
import { gdal, hasGdal } from '../support/gdal.ts';
import { IA, IB, igrids, insertInteropFixture, ipoints, removeInteropFixture } from '../support/interop-fixture.ts';

const database = connectTestDatabase();
let folder: string;
let set: TileSet;
beforeAll(async () => {
  await insertInteropFixture(database);
  folder = await mkdtemp(path.join(tmpdir(), 'pingan-export-'));
  set = await collectTiles(database, { area: IA.district, maxzoom: 13 });
});
afterAll(async () => {
  await removeInteropFixture(database);
  await database.close();
  await rm(folder, { recursive: true, force: true });
});

/** The pmtiles library's Source over a local file (its FileSource is the browser's File). */
class LocalFile implements Source {
  constructor(private readonly bytes: Buffer) {}
  getKey = () => 'local';
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const slice = this.bytes.subarray(offset, offset + length);
    return { data: slice.buffer.slice(slice.byteOffset, slice.byteOffset + slice.byteLength) as ArrayBuffer };
  }
}

const [lon, lat] = ipoints.a1;
const mercator = (x: number, y: number) => [(x * MERCATOR_HALF) / 180, Math.log(Math.tan(((90 + y) * Math.PI) / 360)) * (MERCATOR_HALF / Math.PI)];

describe('export-tiles', () => {
  it('collects the tiles over the area at every zoom, each holding the layers of its zoom', async () => {
    expect(set.bbox).toEqual([125.0, 42.0, 125.02, 42.02]);
    // PostGIS drops a 2 km district as too small below a few zooms (ST_AsMVTGeom); from z10 it is drawn
    for (let z = 10; z <= 13; z++)
      expect(
        set.tiles.some((t) => t.z === z),
        `zoom ${z}`,
      ).toBe(true);
    expect(set.tiles.every((t) => t.z <= 13)).toBe(true);
    const at13 = lonLatToTile(lon, lat, 13);
    const tile = set.tiles.find((t) => t.z === 13 && t.x === at13.x && t.y === at13.y)!;
    const layers = decodeTile(gunzipSync(tile.data));
    expect(Object.keys(layers)).toEqual(expect.arrayContaining(['districts', 'streets', 'communities', 'grid_cells', 'districts_label']));
    expect(layers.grid_cells!.map((f) => f.code)).toContain(igrids.a1);
    // the server's own tile of one layer is the exported tile's layer, byte for byte in content
    const served = decodeTile((await createTileSource(database).tile('grid_cells', 13, at13.x, at13.y)).mvt);
    expect(layers.grid_cells).toEqual(served.grid_cells);
  });

  it('writes a PMTiles v3 archive the pmtiles library reads: header, metadata and tiles', async () => {
    const file = path.join(folder, 'area.pmtiles');
    await writePmtiles(set, file);
    const archive = new PMTiles(new LocalFile(await readFile(file)));
    const header = await archive.getHeader();
    expect(header).toMatchObject({ specVersion: 3, tileType: TileType.Mvt, minZoom: 0, maxZoom: 13, clustered: true });
    expect(header.minLon).toBeCloseTo(125.0, 5);
    expect(header.maxLat).toBeCloseTo(42.02, 5);
    expect(header.numAddressedTiles).toBe(set.tiles.length);
    const metadata = (await archive.getMetadata()) as { vector_layers: { id: string }[] };
    expect(metadata.vector_layers.map((l) => l.id)).toContain('grid_cells');
    for (const tile of set.tiles) {
      const read = await archive.getZxy(tile.z, tile.x, tile.y);
      expect(Buffer.from(read!.data).equals(gunzipSync(tile.data)), `${tile.z}/${tile.x}/${tile.y}`).toBe(true);
    }
    const outside = lonLatToTile(ipoints.outside[0], ipoints.outside[1], 13);
    expect(await archive.getZxy(13, outside.x, outside.y)).toBeUndefined();
  });

  it('splits a large directory into leaves the library follows', async () => {
    // 16,000 tiles scattered at random (seeded) make a root directory larger than the 16 KiB next to the header
    let seed = 7;
    // the top 14 bits of a 32-bit LCG (its low bits repeat every 2^14 draws)
    const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 18;
    const places = new Map<string, { x: number; y: number }>();
    while (places.size < 16_000) {
      const [x, y] = [random(), random()];
      places.set(`${x}/${y}`, { x, y });
    }
    const spots = [...places.values()];
    const at = (i: number) => spots[i]!;
    const tiles = spots.map((spot, i) => ({ z: 14, ...spot, data: gzipSync(`t${i}`) }));
    const file = path.join(folder, 'many.pmtiles');
    await writePmtiles({ ...set, maxzoom: 14, tiles }, file);
    const bytes = await readFile(file);
    // header bytes 48–55: the leaf directories' length (the library's header leaves it out)
    expect(bytes.readBigUInt64LE(48)).toBeGreaterThan(0n);
    const archive = new PMTiles(new LocalFile(bytes));
    for (const i of [0, 1234, 15_999]) {
      const read = await archive.getZxy(14, at(i).x, at(i).y);
      expect(Buffer.from(read!.data).toString()).toBe(`t${i}`);
    }
  });

  it.skipIf(!hasGdal)("writes an MBTiles file GDAL's MBTiles driver reads, features in place", async () => {
    const file = path.join(folder, 'area.mbtiles');
    await writeMbtiles(set, file);
    const info = await gdal('ogrinfo', ['-ro', '-so', file]);
    expect(info.code, info.output).toBe(0);
    expect(info.output).toMatch(/format=pbf/);
    expect(info.output).toMatch(/: grid_cells/);
    // ogrinfo 3.6 takes -spat in the layer's CRS, Web Mercator
    const spat = [...mercator(125.001, 42.001), ...mercator(125.009, 42.019)].map(String);
    const { code, output } = await gdal('ogrinfo', ['-ro', '-al', '-oo', 'ZOOM_LEVEL=13', '-spat', ...spat, file, 'grid_cells']);
    expect(code, output).toBe(0);
    expect(output).toContain(`code (String) = ${igrids.a1}`);
    expect(output).toContain('name (String) = 互通网格一');
    // only the area's box was exported: the other district's grid is not in the file
    expect(output).not.toContain(IB.district);
  });

  it('reads its command line, refusing what it cannot do with the field named', () => {
    expect(parseExportCommand(['--format', 'pmtiles', '--area', IA.district, '--out', 'a.pmtiles'])).toEqual({
      format: 'pmtiles',
      area: IA.district,
      maxzoom: 14,
      out: 'a.pmtiles',
    });
    expect(() => parseExportCommand(['--format', 'geojson', '--out', 'a.geojson'])).toThrow(/--format/);
    expect(() => parseExportCommand(['--format', 'mbtiles', '--out', 'a.pmtiles'])).toThrow(/--out/);
    expect(() => parseExportCommand(['--format', 'mbtiles', '--maxzoom', '17', '--out', 'a.mbtiles'])).toThrow(/--maxzoom/);
    expect(() => parseExportCommand(['--format', 'mbtiles', '--area', '21', '--out', 'a.mbtiles'])).toThrow(/--area/);
  });
});
