import gcoord from 'gcoord';
import { wktToGeoJSON } from '@terraformer/wkt';
import { FieldProblem } from './errors.ts';
import { show } from './values.ts';

export type GeometryKind = 'Point' | 'MultiPolygon';
export type Position = [number, number];
/** `EPSG:n` (e.g. a CGCS2000 Gauss-Krüger zone) is converted to lon/lat by the reader (readers/reproject.ts). */
export type Crs = 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | `EPSG:${number}`;
/** maps one source position to WGS-84 lon/lat */
export type ToWgs84 = (position: Position) => Position;

export type PointGeometry = { type: 'Point'; coordinates: Position };
export type MultiPolygonGeometry = { type: 'MultiPolygon'; coordinates: Position[][][] };
export type ImportGeometry = PointGeometry | MultiPolygonGeometry;

/**
 * The conversion of a declared CRS to WGS-84. WGS-84 and CGCS2000 agree to centimetres at city scale, so
 * both are identity; GCJ-02 (AMap, Tencent) and BD-09 (Baidu) are offset by hundreds of metres.
 *
 * @example
 * toWgs84('gcj02')([123.4, 41.8]) // ≈ [123.39386, 41.79756]
 */
export function toWgs84(crs: Crs = 'wgs84'): ToWgs84 | null {
  switch (crs) {
    case 'wgs84':
    case 'cgcs2000':
      return null;
    case 'gcj02':
      return (p) => gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84) as Position;
    case 'bd09':
      return (p) => gcoord.transform(p, gcoord.BD09, gcoord.WGS84) as Position;
    default:
      return null; // EPSG:n, already lon/lat when the rows get here
  }
}

/**
 * Checks a GeoJSON geometry against the column type (a Polygon is accepted for a MultiPolygon column), checks
 * every coordinate and ring, then converts it to WGS-84. Polygon validity (self-intersection) is left to
 * PostGIS (ST_IsValid), which the importer runs per batch.
 *
 * @example
 * checkGeometry({ type: 'Point', coordinates: [123.4, 41.8] }, 'Point', null) // { type: 'Point', coordinates: [123.4, 41.8] }
 */
export function checkGeometry(raw: unknown, kind: GeometryKind, transform: ToWgs84 | null): ImportGeometry {
  if (raw === null || raw === undefined) throw new FieldProblem('is required (no geometry)');
  if (typeof raw !== 'object' || !('type' in raw) || !('coordinates' in raw)) {
    throw new FieldProblem(`expected a GeoJSON geometry, got ${show(raw)}`);
  }
  const { type, coordinates } = raw as { type: unknown; coordinates: unknown };
  if (kind === 'Point') {
    if (type !== 'Point') throw new FieldProblem(`expected a Point geometry, got ${show(type)}`);
    return { type: 'Point', coordinates: convert(checkPosition(coordinates, 'coordinates'), transform) };
  }
  let polygons: unknown[];
  if (type === 'Polygon') polygons = [coordinates];
  else if (type === 'MultiPolygon') polygons = arrayOf(coordinates, 'coordinates', 1);
  else throw new FieldProblem(`expected a Polygon or MultiPolygon geometry, got ${show(type)}`);
  return {
    type: 'MultiPolygon',
    coordinates: polygons.map((polygon, p) =>
      arrayOf(polygon, `polygon ${p + 1}`, 1).map((ring, r) => checkRing(ring, `polygon ${p + 1} ring ${r + 1}`, transform)),
    ),
  };
}

/** A point from CSV `lon`/`lat` cells; problems name the cell. */
export function pointFromColumns(lon: unknown, lat: unknown, transform: ToWgs84 | null): PointGeometry {
  const x = columnNumber(lon, 'lon');
  const y = columnNumber(lat, 'lat');
  if (x < -180 || x > 180) throw new FieldProblem(`longitude must be between -180 and 180, got ${show(lon)}`, 'lon');
  if (y < -90 || y > 90) throw new FieldProblem(`latitude must be between -90 and 90, got ${show(lat)}`, 'lat');
  return { type: 'Point', coordinates: convert([x, y], transform) };
}

/** A polygon from a CSV `wkt` cell (POLYGON or MULTIPOLYGON, an EWKT `SRID=4326;` prefix is tolerated). */
export function polygonFromWkt(text: unknown, transform: ToWgs84 | null): MultiPolygonGeometry {
  if (typeof text !== 'string' || text.trim() === '') throw new FieldProblem('is required (no WKT polygon)', 'wkt');
  let parsed: unknown;
  try {
    parsed = wktToGeoJSON(text.trim().replace(/^SRID=(4326|4490);/i, ''));
  } catch {
    throw new FieldProblem(`not valid WKT: ${show(text)}`, 'wkt');
  }
  try {
    return checkGeometry(parsed, 'MultiPolygon', transform) as MultiPolygonGeometry;
  } catch (error) {
    if (error instanceof FieldProblem) throw new FieldProblem(error.message, 'wkt');
    throw error;
  }
}

function columnNumber(raw: unknown, field: string): number {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (raw === null || raw === undefined || raw === '') throw new FieldProblem('is required', field);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldProblem(`expected a number, got ${show(raw)}`, field);
  return value;
}

function checkRing(raw: unknown, where: string, transform: ToWgs84 | null): Position[] {
  const ring = arrayOf(raw, where, 4).map((position, i) => checkPosition(position, `${where} position ${i + 1}`));
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) throw new FieldProblem(`${where} is not closed (first and last positions differ)`);
  return transform ? ring.map(transform) : ring;
}

function checkPosition(raw: unknown, where: string): Position {
  if (!Array.isArray(raw) || raw.length < 2 || raw.length > 4) throw new FieldProblem(`${where}: expected [lon, lat], got ${show(raw)}`);
  const [x, y] = raw;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new FieldProblem(`${where}: expected numbers, got ${show(raw)}`);
  }
  if (x < -180 || x > 180 || y < -90 || y > 90) throw new FieldProblem(`${where}: [${x}, ${y}] is outside lon -180..180 / lat -90..90`);
  return [x, y];
}

function arrayOf(raw: unknown, where: string, min: number): unknown[] {
  if (!Array.isArray(raw)) throw new FieldProblem(`${where}: expected an array, got ${show(raw)}`);
  if (raw.length < min) throw new FieldProblem(`${where}: needs at least ${min} positions/parts, got ${raw.length}`);
  return raw;
}

function convert(position: Position, transform: ToWgs84 | null): Position {
  return transform ? transform(position) : position;
}
