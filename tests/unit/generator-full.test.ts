/**
 * The full city reproduces the article's figures. Checked on the generated files (no database), so it is
 * fast enough for every run; `bench/demo.ts` loads the same files into both engines.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { generateDemo } from '../../geodata/demo.ts';

const dataDir = fileURLToPath(new URL('../../.data', import.meta.url));
/** a fixed seeding moment, so both tests (and later runs) share one cached folder */
const now = new Date('2026-03-04T15:30:00+08:00');

const csv = (file: string) => parse(readFileSync(file), { columns: true }) as Record<string, string>[];
const features = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { features: { properties: Record<string, unknown> }[] }).features;

describe('full-scale demo files', () => {
  it('hold the article figures: 2,411 / 270 / 7,115 / 64 / 7 / 6,090 / 300,000, on the real 13 / 190 / 2,703 units', { timeout: 300_000 }, async () => {
    const full = await generateDemo({ scale: 'full', incidents: 20_000, dataDir, now });
    const file = (entity: string) => full.items.find((i) => i.entity === entity)!.file;
    expect(features(file('districts'))).toHaveLength(13);
    expect(features(file('streets'))).toHaveLength(190);
    expect(features(file('communities'))).toHaveLength(2703);

    const sites = csv(file('sites'));
    const byKind = Object.fromEntries(
      ['mediation_point', 'mediation_room', 'watch_post', 'traffic_point', 'ferry_point', 'governance_center'].map((kind) => [
        kind,
        sites.filter((s) => s.kind === kind).length,
      ]),
    );
    expect(byKind).toEqual({
      mediation_point: 2411,
      mediation_room: 270,
      watch_post: 7115,
      traffic_point: 64,
      ferry_point: 7,
      governance_center: 1 + 13 + 190,
    });
    const served = csv(file('site_served_communities'));
    expect(new Set(served.map((s) => s.community_code)).size).toBe(2703);

    const compounds = csv(file('compounds'));
    expect(compounds).toHaveLength(6090);
    const people = compounds.reduce((s, c) => s + Number(c.population), 0);
    expect(people).toBeGreaterThan(8_900_000);
    expect(people).toBeLessThan(9_200_000);

    expect(csv(file('volunteers'))).toHaveLength(300_000);
    expect(csv(file('volunteer_teams'))).toHaveLength(7115);

    const grids = features(file('grid_cells'));
    expect(csv(file('grid_workers'))).toHaveLength(grids.length);
    const general = grids.filter((g) => g.properties.kind === 'general');
    const urban = general.filter((g) => Number(String(g.properties.parent_code).slice(9)) < 200);
    expect(urban.every((g) => (g.properties.households as number) >= 300 && (g.properties.households as number) <= 500)).toBe(true);
    expect(grids.some((g) => g.properties.kind === 'dedicated')).toBe(true);
    expect(grids.reduce((s, g) => s + (g.properties.households as number), 0)).toBe(compounds.reduce((s, c) => s + Number(c.households), 0));
  });

  it('contains the small demo as an exact subset (each district depends only on the seed and its code)', { timeout: 300_000 }, async () => {
    const full = await generateDemo({ scale: 'full', incidents: 20_000, dataDir, now });
    const small = await generateDemo({ scale: 'small', dataDir, now });
    const lines = (dir: string, name: string) =>
      readFileSync(path.join(dir, name), 'utf8')
        .split('\n')
        .map((l) => l.replace(/,$/, ''));
    for (const name of ['grid_cells.geojson', 'communities.geojson', 'sites.csv', 'volunteers.csv']) {
      const inFull = new Set(lines(full.dir, name));
      const missing = lines(small.dir, name).filter((line) => /21010[3]|210123/.test(line) && !inFull.has(line));
      expect(missing, name).toEqual([]);
    }
  });
});
