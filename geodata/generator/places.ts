/**
 * Synthetic named streets for the demo gazetteer (`places`): in each urban community, its widest
 * east–west chord through the middle becomes "<name>中街" and its north–south chord "<name>路". The
 * names are made from the real community names, the lines are invented: every row is synthetic. No
 * real landmark is placed here (the demo has no surveyed coordinates for any).
 */
import { createWriteStream } from 'node:fs';
import type { DistrictArea } from './city.ts';
import type { Polygon } from './geometry.ts';
import { unitStem } from './naming.ts';
import { coordinate } from './write.ts';

export const DEMO_PLACES_SOURCE = 'synthetic (Pingan Grid demo generator): street names from the community names, invented lines';

/** The widest chord of a polygon along a scanline at `at` (y for east–west, x for north–south), in lattice units. */
function chord(polygon: Polygon, axis: 'x' | 'y', at: number): [number, number] | null {
  const [a, b] = axis === 'y' ? [0, 1] : [1, 0];
  const cuts: number[] = [];
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const pi = ring[i]!;
      const pj = ring[j]!;
      if (pi[b]! > at !== pj[b]! > at) cuts.push(((pj[a]! - pi[a]!) * (at - pi[b]!)) / (pj[b]! - pi[b]!) + pi[a]!);
    }
  }
  cuts.sort((p, q) => p - q);
  let best: [number, number] | null = null;
  for (let i = 0; i + 1 < cuts.length; i += 2) if (!best || cuts[i + 1]! - cuts[i]! > best[1] - best[0]) best = [cuts[i]!, cuts[i + 1]!];
  return best;
}

/** Middle of the outer ring's extent along one axis (off the lattice by a hair, so no vertex lies on it). */
function middle(polygon: Polygon, index: 0 | 1): number {
  let low = Infinity;
  let high = -Infinity;
  for (const p of polygon[0]!) [low, high] = [Math.min(low, p[index]!), Math.max(high, p[index]!)];
  return Math.round((low + high) / 2) + 0.5;
}

/** A chord inset by 5 % at both ends (a street does not run into the boundary line), as two lattice points. */
function street(polygon: Polygon, axis: 'x' | 'y'): [[number, number], [number, number]] | null {
  const at = middle(polygon, axis === 'y' ? 1 : 0);
  const span = chord(polygon, axis, at);
  if (!span || span[1] - span[0] < 200) return null; // under ~20 m: no street
  const inset = (span[1] - span[0]) * 0.05;
  const [from, to] = [Math.round(span[0] + inset), Math.round(span[1] - inset)];
  const y = Math.round(at);
  return axis === 'y'
    ? [
        [from, y],
        [to, y],
      ]
    : [
        [y, from],
        [y, to],
      ];
}

/**
 * Writes the demo's synthetic streets as a GeoJSON FeatureCollection for `import places`; returns the count.
 *
 * @example
 * const count = await writeDemoPlaces(districts, 'out/places.geojson');
 */
export async function writeDemoPlaces(districts: DistrictArea[], file: string): Promise<number> {
  const out = createWriteStream(file);
  let count = 0;
  out.write('{"type":"FeatureCollection","features":[\n');
  for (const district of districts) {
    for (const unit of district.units) {
      if (unit.row.kind !== 'community') continue;
      const largest = unit.geometry.reduce((a, b) => (b[0]!.length > a[0]!.length ? b : a));
      const stem = unitStem(unit.row.name);
      for (const [axis, suffix, tag] of [
        ['y', '中街', 'Z'],
        ['x', '路', 'L'],
      ] as const) {
        const line = street(largest, axis);
        if (!line) continue;
        const properties = { code: `P${unit.row.code}${tag}`, name: `${stem}${suffix}`, kind: 'street', synthetic: true, source: DEMO_PLACES_SOURCE };
        const coordinates = line.map(([x, y]) => `[${coordinate(x)},${coordinate(y)}]`).join(',');
        out.write(
          `${count ? ',\n' : ''}{"type":"Feature","properties":${JSON.stringify(properties)},"geometry":{"type":"LineString","coordinates":[${coordinates}]}}`,
        );
        count++;
      }
    }
  }
  out.write('\n]}\n');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return count;
}
