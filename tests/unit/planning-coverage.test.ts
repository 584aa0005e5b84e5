import { describe, expect, it } from 'vitest';
import { figuresByArea, figuresOf, weightedQuantile } from '../../server/routes/coverage/coverage-math.ts';
import { toCsv } from '../../core/formats/csv.ts';

describe('weightedQuantile', () => {
  it('is the smallest value whose cumulative weight reaches q (golden)', () => {
    const items = [
      [100, 1],
      [300, 1],
      [200, 2],
    ] as const;
    expect([0.25, 0.5, 0.75, 0.76, 1].map((q) => weightedQuantile(items, q))).toEqual([100, 200, 200, 300, 300]);
  });
  it('treats missing distances as infinitely far', () => {
    expect(
      weightedQuantile(
        [
          [50, 1],
          [null, 3],
        ],
        0.5,
      ),
    ).toBeNull();
    expect(
      weightedQuantile(
        [
          [50, 3],
          [null, 1],
        ],
        0.5,
      ),
    ).toBe(50);
    expect(weightedQuantile([], 0.5)).toBeNull();
  });
});

describe('figuresOf / figuresByArea', () => {
  it('adds up households and population, share and household-weighted percentiles', () => {
    const figures = figuresOf([
      { area: 'a', households: 300, population: 800, covered: true, nearest: 120.4 },
      { area: 'a', households: 100, population: 250, covered: false, nearest: 1500 },
      { area: 'a', households: 600, population: 1500, covered: true, nearest: 640 },
    ]);
    expect(figures).toEqual({
      compounds: 3,
      compoundsCovered: 2,
      households: 1000,
      householdsCovered: 900,
      population: 2550,
      populationCovered: 2300,
      share: 0.9,
      nearestSiteP50: 640,
      nearestSiteP90: 640,
    });
    expect(figuresByArea([], ['x']).get('x')).toMatchObject({ households: 0, share: null, nearestSiteP50: null });
  });
});

describe('toCsv', () => {
  it('writes a BOM, CRLF, quotes and neutralises formulas', () => {
    expect(
      toCsv(
        ['代码', '名称'],
        [
          ['210103', '沈河区, "北"'],
          ['=1+1', null],
          [0.5, true],
        ],
      ),
    ).toBe('\uFEFF代码,名称\r\n210103,"沈河区, ""北"""\r\n\'=1+1,\r\n0.5,true\r\n');
  });
});
