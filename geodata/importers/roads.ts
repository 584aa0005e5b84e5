/**
 * `npm run geodata -- import roads <file>`: road centre lines (GeoJSON, zipped Shapefile, GeoPackage;
 * OSM-derived or a city's own) → a noded, routable graph in `road_vertices`/`road_edges`. The file
 * replaces the whole network in one transaction; nothing is written when a line cannot be noded.
 */
import path from 'node:path';
import { withTransaction, type Database } from '../../db/client.ts';
import { replaceRoadNetwork, type Queryable, type RoadEdgeInput } from '../../db/queries/roads.ts';
import { nodeLines, type NodingProblem, type RoadLine } from '../../core/graph/noding.ts';
import { WALK_SPEED_MPS } from '../../core/graph/walk.ts';
import { ImportError } from './errors.ts';
import { toWgs84, type Crs } from './geometry.ts';
import { openReader } from './readers/index.ts';
import { roadAttributes, type RoadAttributes } from './roads-attributes.ts';

export interface RoadImportOptions {
  /** a coordinate system the file does not declare (EPSG:n) or gcj02/bd09 as the other importers take */
  crs?: Crs;
  encoding?: string;
  /** provenance written to every edge (default: the file name) */
  origin?: string;
}

export interface RoadImportResult {
  file: string;
  features: number;
  vertices: number;
  edges: number;
  ms: number;
}

const MAX_LISTED = 20;

/**
 * Reads and nodes a road file, then replaces the network in one transaction.
 *
 * @example
 * const result = await importRoads(database, 'roads.geojson'); // result.edges === 1520
 */
export async function importRoads(database: Database, file: string, options: RoadImportOptions = {}): Promise<RoadImportResult> {
  const started = performance.now();
  const network = await readRoadNetwork(file, options);
  await withTransaction(database, (client) => writeRoadNetwork(client, network, options.origin ?? path.basename(file)));
  return { file, features: network.features, vertices: network.vertices.length, edges: network.edges.length, ms: performance.now() - started };
}

/**
 * The same for a caller that holds a transaction (the demo loads its roads with the rest of the city).
 *
 * @example
 * await withTransaction(database, (client) => importRoadsInTransaction(client, 'demo/roads.geojson'));
 */
export async function importRoadsInTransaction(client: Queryable, file: string, options: RoadImportOptions = {}): Promise<RoadImportResult> {
  const started = performance.now();
  const network = await readRoadNetwork(file, options);
  await writeRoadNetwork(client, network, options.origin ?? path.basename(file));
  return { file, features: network.features, vertices: network.vertices.length, edges: network.edges.length, ms: performance.now() - started };
}

interface ReadNetwork {
  features: number;
  vertices: [number, number][];
  edges: RoadEdgeInput[];
}

async function writeRoadNetwork(client: Queryable, network: ReadNetwork, origin: string) {
  await replaceRoadNetwork(client, network.vertices, network.edges, { origin, speed: WALK_SPEED_MPS });
}

/**
 * Reads the lines with their attributes and nodes them; throws an ImportError for an empty file, a
 * feature that is not a line, a bad attribute, or lines that cannot be noded (listed, at most 20).
 *
 * @example
 * const { vertices, edges } = await readRoadNetwork('roads.gpkg');
 */
export async function readRoadNetwork(file: string, options: RoadImportOptions = {}): Promise<ReadNetwork> {
  const reader = await openReader(file, { entity: 'roads', crs: options.crs, encoding: options.encoding });
  const lines: RoadLine[] = [];
  const lineFeature: number[] = [];
  const attributes: RoadAttributes[] = [];
  // gcj02/bd09 (AMap, Baidu) → WGS-84 per position, as the other importers do; EPSG codes are the reader's
  const shift = /^EPSG:/i.test(options.crs ?? '') ? null : toWgs84(options.crs);
  if (reader.tabular) throw new ImportError({ file, reason: 'a road network needs line geometry: GeoJSON, a zipped Shapefile or a GeoPackage, not CSV' });
  let features = 0;
  for await (const record of reader.records) {
    features++;
    const at = { file, ...record.position };
    const parts = lineParts(record.geometry, (reason) => new ImportError({ ...at, field: 'geometry', reason }));
    if (shift) for (const part of parts) for (const p of part) [p[0], p[1]] = shift([p[0]!, p[1]!]);
    const attrs = roadAttributes(record.properties, (field, reason) => new ImportError({ ...at, field, reason }));
    const a = attributes.push(attrs) - 1;
    for (const coords of parts) {
      lines.push({ coords, layer: attrs.layer });
      lineFeature.push(a);
    }
  }
  if (lines.length === 0) throw new ImportError({ file, reason: 'the file holds no road lines (0 features); nothing to node' });
  const noded = nodeLines(lines);
  if (noded.problems.length) throw nodingError(file, noded.problems, lineFeature);
  const edges = noded.edges.map((e): RoadEdgeInput => {
    const attrs = attributes[lineFeature[e.line]!]!;
    return { from: e.from, to: e.to, coords: e.coords, ...attrs, feature: lineFeature[e.line]! };
  });
  return { features, vertices: noded.vertices, edges };
}

/** The positions of a LineString or MultiLineString; anything else is refused naming its type. */
function lineParts(geometry: unknown, fail: (reason: string) => ImportError): number[][][] {
  const g = geometry as { type?: unknown; coordinates?: unknown } | null | undefined;
  if (!g) throw fail('the feature has no geometry; a road is a LineString or MultiLineString');
  const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? (g.coordinates as unknown[]) : null;
  if (!parts) throw fail(`geometry type ${String(g.type)} is not a road line (LineString or MultiLineString)`);
  return parts.map((part) => {
    if (!Array.isArray(part) || part.length < 2) throw fail('a line needs at least two positions');
    return part.map((p) => {
      const [lon, lat] = (Array.isArray(p) ? p : []) as number[];
      if (typeof lon !== 'number' || typeof lat !== 'number' || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
        throw fail(`position ${JSON.stringify(p)} is not [lon, lat] in degrees`);
      }
      return [lon, lat];
    });
  });
}

function nodingError(file: string, problems: NodingProblem[], lineFeature: number[]): ImportError {
  const feature = (line: number) => lineFeature[line]!;
  const where = ([lon, lat]: [number, number]) => `(${lon.toFixed(6)}, ${lat.toFixed(6)})`;
  const listed = problems.slice(0, MAX_LISTED).map((p) => {
    const [a, b] = p.lines.map(feature);
    const reason =
      p.kind === 'crossing'
        ? `crosses features[${b}] at ${where(p.at)} on the same layer without a shared vertex: add the vertex to both lines where they meet, or give the one passing over a higher "layer" (bridge)`
        : p.kind === 'near_miss'
          ? `ends ${p.metres} m from features[${b}] at ${where(p.at)} without touching it: move the end onto a vertex of that line`
          : `a line with fewer than two distinct positions at ${where(p.at)}`;
    return { position: { featureIndex: a }, field: 'geometry', reason };
  });
  const more = problems.length > MAX_LISTED ? `\n  … and ${problems.length - MAX_LISTED} more` : '';
  return new ImportError({
    file,
    featureIndex: listed[0]!.position.featureIndex,
    field: 'geometry',
    reason: `${problems.length} place${problems.length === 1 ? '' : 's'} where the lines cannot be noded (nothing was written):\n${listed
      .map((p) => `  features[${p.position.featureIndex}]: ${p.reason}`)
      .join('\n')}${more}`,
    problems: listed,
    problemCount: problems.length,
  });
}
