import { describe, expect, it } from 'vitest';
import { encodeTile } from '../../db/tiles/encode.ts';
import { isValidTile, lonLatToTile, tileBounds3857, tileUnitMetres } from '../../db/tiles/tile-math.ts';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

describe('tile math (golden values)', () => {
  it('finds the tile of 沈阳 center and the tile bounds in metres', () => {
    expect(lonLatToTile(123.4315, 41.7968, 12)).toEqual({ x: 3452, y: 1523 });
    expect(lonLatToTile(-180, 85.06, 0)).toEqual({ x: 0, y: 0 });
    const [w, s, e, n] = tileBounds3857(1, 0, 0);
    expect([w, s, e, n].map((v) => Math.round(v))).toEqual([-20037508, 0, 0, 20037508]);
    const grown = tileBounds3857(1, 0, 0, 0.5);
    expect(Math.round(grown[2])).toBe(10018754);
    expect(tileUnitMetres(0)).toBeCloseTo(9783.9396, 3);
    expect(tileUnitMetres(16)).toBeCloseTo(0.1493, 3);
  });

  it('accepts only tiles of the pyramid', () => {
    expect(isValidTile(0, 0, 0)).toBe(true);
    expect(isValidTile(2, 4, 0)).toBe(false);
    expect(isValidTile(2, 1.5, 0)).toBe(false);
    expect(isValidTile(25, 0, 0)).toBe(false);
  });
});

describe('encodeTile (golden)', () => {
  it('writes points and multipolygons with attributes and no nulls, readable by @mapbox/vector-tile', () => {
    const bytes = encodeTile({
      sites: [{ geometry: { type: 'Point', coordinates: [100, 200] }, properties: { code: 'S1', kind: 'watch_post', n: 3, gone: null } }],
      areas: [
        {
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [0, 0],
                  [0, 10],
                  [10, 10],
                  [10, 0],
                  [0, 0],
                ],
                [
                  [2, 2],
                  [8, 2],
                  [8, 8],
                  [2, 8],
                  [2, 2],
                ],
              ],
              [
                [
                  [20, 20],
                  [20, 30],
                  [30, 30],
                  [30, 20],
                  [20, 20],
                ],
              ],
            ],
          },
          properties: { name: '测试' },
        },
      ],
      empty: [],
    });
    const tile = new VectorTile(new PbfReader(bytes));
    expect(Object.keys(tile.layers).sort()).toEqual(['areas', 'sites']);
    const site = tile.layers.sites!.feature(0);
    expect(site.type).toBe(1);
    expect(site.properties).toEqual({ code: 'S1', kind: 'watch_post', n: 3 });
    expect(site.loadGeometry()).toEqual([[{ x: 100, y: 200 }]]);
    expect(tile.layers.sites!.extent).toBe(4096);
    const area = tile.layers.areas!.feature(0);
    expect(area.type).toBe(3);
    expect(area.properties).toEqual({ name: '测试' });
    // exterior, hole, exterior: three rings, the hole wound the other way
    const rings = area.loadGeometry();
    expect(rings).toHaveLength(3);
    expect(rings[1]![0]).toEqual({ x: 2, y: 2 });
    expect(area.toGeoJSON(0, 0, 0).geometry.type).toBe('MultiPolygon');
  });

  it('encodes a tile without features as zero bytes, like ST_AsMVT', () => {
    expect(encodeTile({ sites: [] })).toHaveLength(0);
  });
});
