import { describe, expect, it } from 'vitest';
import {
  cleanRing,
  pointInRing,
  pointOnSurface,
  pointWellInside,
  ringArea2,
  snapRing,
  unionPartition,
  type Polygon,
} from '../../geodata/generator/geometry.ts';
import { repairPartition } from '../../geodata/generator/repair.ts';
import { decodeRing } from '../../geodata/generator/boundaries.ts';
import { allocate, aliasSampler, createRandom } from '../../geodata/generator/random.ts';
import { preventableByYear } from '../../geodata/generator/incidents.ts';
import { compoundName, shortUnitName } from '../../geodata/generator/naming.ts';
import { fakeIdNumber, fakePhone } from '../../geodata/generator/people.ts';
import { generalGridCount } from '../../geodata/generator/plan.ts';
import { communityKind, streetKind } from '../../geodata/sources/index.ts';
import { coordinate } from '../../geodata/generator/write.ts';

const square = (x: number, y: number, s = 1): Polygon => [
  [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
  ],
];

describe('lattice geometry', () => {
  it('computes signed areas and point-in-ring', () => {
    expect(
      ringArea2([
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
      ]),
    ).toBe(8);
    expect(
      ringArea2([
        [0, 0],
        [0, 2],
        [2, 2],
        [2, 0],
      ]),
    ).toBe(-8);
    expect(
      pointInRing(1, 1, [
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
      ]),
    ).toBe(true);
    expect(
      pointInRing(3, 1, [
        [0, 0],
        [2, 0],
        [2, 2],
        [0, 2],
      ]),
    ).toBe(false);
  });

  it('snaps degrees to micro-degrees and drops repeats, spikes and degenerate rings', () => {
    expect(
      snapRing([
        [1e-7, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ]),
    ).toEqual([
      [0, 0],
      [1e6, 0],
      [1e6, 1e6],
      [0, 1e6],
    ]);
    expect(
      cleanRing([
        [0, 0],
        [2, 0],
        [3, 0],
        [2, 0],
        [2, 2],
        [0, 2],
      ]),
    ).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
    expect(
      snapRing([
        [0, 0],
        [1e-7, 0],
        [0, 1e-7],
      ]),
    ).toBeNull();
  });

  it('unions a partition exactly by cancelling shared edges', () => {
    expect(unionPartition([square(0, 0), square(1, 0)])).toEqual([
      [
        [
          [0, 0],
          [1, 0],
          [2, 0],
          [2, 1],
          [1, 1],
          [0, 1],
        ],
      ],
    ]);
    // a 3×3 block without its centre: one outer ring and one hole
    const ring = [0, 1, 2].flatMap((x) => [0, 1, 2].map((y) => [x, y] as const)).filter(([x, y]) => x !== 1 || y !== 1);
    const result = unionPartition(ring.map(([x, y]) => square(x, y)));
    expect(result).toHaveLength(1);
    expect(result[0]).toHaveLength(2);
    expect(ringArea2(result[0]![0]!)).toBe(18);
    expect(ringArea2(result[0]![1]!)).toBe(-2);
  });

  it('splits squares touching at a corner into two valid polygons', () => {
    const result = unionPartition([square(0, 0), square(1, 1)]);
    expect(result).toHaveLength(2);
    expect(result.every((p) => p.length === 1 && p[0]!.length === 4)).toBe(true);
  });

  it('repairs a T-junction so neighbours share identical edges', () => {
    // left cell has a vertex on the shared border that the right cell lacks
    const left: Polygon = [
      [
        [0, 0],
        [10, 0],
        [10, 5],
        [10, 10],
        [0, 10],
      ],
    ];
    const right: Polygon = [
      [
        [10, 0],
        [20, 0],
        [20, 10],
        [10, 10],
      ],
    ];
    const [, fixed] = repairPartition([[left], [right]]);
    expect(fixed![0]![0]).toEqual([
      [10, 0],
      [20, 0],
      [20, 10],
      [10, 10],
      [10, 5],
    ]);
    expect(unionPartition([left, fixed![0]!])).toEqual([
      [
        [
          [0, 0],
          [10, 0],
          [20, 0],
          [20, 10],
          [10, 10],
          [0, 10],
        ],
      ],
    ]);
  });

  it('finds points on the surface and keeps a clearance from edges', () => {
    const [x, y] = pointOnSurface([
      [
        [0, 0],
        [4, 0],
        [4, 2],
        [0, 2],
      ],
    ]);
    expect(x).toBe(2);
    expect(y).toBeCloseTo(1, 2);
    expect(pointWellInside(1, 1, [square(0, 0, 4)], 1)).toBe(true);
    expect(pointWellInside(0.5, 1, [square(0, 0, 4)], 1)).toBe(false);
  });

  it('prints coordinates with exactly six decimals', () => {
    expect(coordinate(123456789)).toBe('123.456789');
    expect(coordinate(41000005)).toBe('41.000005');
  });
});

describe('ECharts UTF8Encoding decoding', () => {
  it('decodes zig-zag deltas from the offsets in 1/1024° units', () => {
    // '@' = 0, 'B' = +1, 'A' = -1 after zig-zag
    expect(decodeRing('@@BB', [1024, 2048])).toEqual([
      [1, 2],
      [1 + 1 / 1024, 2 + 1 / 1024],
    ]);
    expect(decodeRing('@@AA', [0, 0])).toEqual([
      [0, 0],
      [-1 / 1024, -1 / 1024],
    ]);
  });
});

describe('random and allocation', () => {
  it('gives the same stream for the same seed and label, another for another label', () => {
    const a = createRandom(7, 'x');
    const b = createRandom(7, 'x');
    const c = createRandom(7, 'y');
    const draws = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(draws);
    expect(c.next()).not.toBe(draws[0]);
  });

  it('allocates integers that add up exactly', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(2411, [3, 5, 7, 11]).reduce((s, n) => s + n, 0)).toBe(2411);
  });

  it('samples by weight with the alias method', () => {
    const draw = aliasSampler([1, 3]);
    const rng = createRandom(1, 'alias');
    let ones = 0;
    for (let i = 0; i < 20_000; i++) ones += draw(rng);
    expect(ones / 20_000).toBeCloseTo(0.75, 1);
  });
});

describe('figures', () => {
  it.each([3_000, 10_000, 55_555, 150_000])('reproduces the preventable-case changes exactly for a baseline near %i', (target) => {
    const y = preventableByYear(target);
    const change = (a: number, b: number) => Math.round((y[b]! / y[a]! - 1) * 1000) / 10;
    expect([change(2017, 2018), change(2018, 2019), change(2019, 2020)]).toEqual([-10.3, -54.9, -48.4]);
    expect(y[2017]).toBeGreaterThanOrEqual(target);
  });

  it('sizes grids by the norm: urban 300–500 households, rural ~300', () => {
    for (let h = 600; h < 20_000; h += 7) {
      const n = generalGridCount(h, false);
      expect(h / n).toBeGreaterThanOrEqual(300);
      expect(h / n).toBeLessThanOrEqual(500);
    }
    expect(generalGridCount(250, false)).toBe(1);
    expect(generalGridCount(900, true)).toBe(3);
  });
});

describe('names, codes and synthetic people', () => {
  it('classifies NBS codes by segment', () => {
    expect(streetKind('210103001')).toBe('subdistrict');
    expect(streetKind('210123101')).toBe('town');
    expect(streetKind('210123201')).toBe('township');
    expect(streetKind('210113401')).toBe('other');
    expect(communityKind('210103001001')).toBe('community');
    expect(communityKind('210123101203')).toBe('village');
    expect(communityKind('210113401598')).toBe('other');
  });

  it('shortens committee names', () => {
    expect(shortUnitName('多福巷社区居委会')).toBe('多福巷社区');
    expect(shortUnitName('五里河社区居民委员会')).toBe('五里河社区');
    expect(shortUnitName('新南村民委员会')).toBe('新南村');
    expect(shortUnitName('五五村')).toBe('五五村');
    expect(compoundName('多福巷社区居委会', 'community', 1)).toBe('多福巷花园');
    expect(compoundName('新南村民委员会', 'village', 0)).toBe('新南村居民点');
  });

  it('makes phones and ID numbers that cannot be real but have the right shape', () => {
    const rng = createRandom(1, 'people');
    const phone = fakePhone(rng);
    expect(phone).toMatch(/^100\d{8}$/);
    const id = fakeIdNumber(rng, '210103');
    expect(id).toMatch(/^990103(19[6-9]\d|2000)\d{7}[\dX]$/);
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...id.slice(0, 17)].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
    expect('10X98765432'[sum % 11]).toBe(id[17]);
  });
});
