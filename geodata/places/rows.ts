/**
 * One gazetteer row from a file record: the columns of `places` (code, name, kind, synthetic, source) and a
 * Point, LineString or MultiLineString — a GeoJSON geometry, or in a CSV `lon`/`lat` (a point) or `wkt`.
 */
import { wktToGeoJSON } from '@terraformer/wkt';
import { FieldProblem } from '../importers/errors.ts';
import type { ToWgs84, Position } from '../importers/geometry.ts';
import { show } from '../importers/values.ts';

export const placeKinds = ['street', 'road', 'landmark', 'compound', 'other'] as const;
export type PlaceKind = (typeof placeKinds)[number];
export const placeColumns = ['code', 'name', 'kind', 'synthetic', 'source'] as const;

export type PlaceGeometry =
  { type: 'Point'; coordinates: Position } | { type: 'LineString'; coordinates: Position[] } | { type: 'MultiLineString'; coordinates: Position[][] };

export interface PlaceRow {
  code: string;
  name: string;
  kind: PlaceKind;
  synthetic: boolean;
  source: string;
  geometry: PlaceGeometry;
}

const text = (raw: unknown, field: string, max: number, required = true): string | null => {
  const value = raw === null || raw === undefined ? '' : String(raw).trim();
  if (!value) {
    if (required) throw new FieldProblem('is required', field);
    return null;
  }
  if (Array.from(value).length > max) throw new FieldProblem(`must be at most ${max} characters, got ${Array.from(value).length}`, field);
  return value;
};

function bool(raw: unknown): boolean {
  if (raw === null || raw === undefined || raw === '') return false;
  if (typeof raw === 'boolean') return raw;
  const value = String(raw).trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new FieldProblem(`expected true or false, got ${show(raw)}`, 'synthetic');
}

function position(raw: unknown, where: string, transform: ToWgs84 | null): Position {
  if (
    !Array.isArray(raw) ||
    raw.length < 2 ||
    typeof raw[0] !== 'number' ||
    typeof raw[1] !== 'number' ||
    !Number.isFinite(raw[0]) ||
    !Number.isFinite(raw[1])
  ) {
    throw new FieldProblem(`${where}: expected [lon, lat] numbers, got ${show(raw)}`, 'geometry');
  }
  const [x, y] = raw as [number, number];
  if (Math.abs(x) > 180 || Math.abs(y) > 90) throw new FieldProblem(`${where}: [${x}, ${y}] is outside lon -180..180 / lat -90..90`, 'geometry');
  return transform ? transform([x, y]) : [x, y];
}

function line(raw: unknown, where: string, transform: ToWgs84 | null): Position[] {
  if (!Array.isArray(raw) || raw.length < 2) throw new FieldProblem(`${where}: a line needs at least 2 positions`, 'geometry');
  return raw.map((p, i) => position(p, `${where} position ${i + 1}`, transform));
}

/**
 * Checks a GeoJSON geometry of a place (Point, LineString, MultiLineString) and converts it to WGS-84.
 *
 * @example
 * placeGeometry({ type: 'Point', coordinates: [123.46, 41.8] }, null) // { type: 'Point', coordinates: [123.46, 41.8] }
 */
export function placeGeometry(raw: unknown, transform: ToWgs84 | null): PlaceGeometry {
  if (!raw || typeof raw !== 'object') throw new FieldProblem('is required (a Point, LineString or MultiLineString)', 'geometry');
  const { type, coordinates } = raw as { type?: unknown; coordinates?: unknown };
  if (type === 'Point') return { type, coordinates: position(coordinates, 'coordinates', transform) };
  if (type === 'LineString') return { type, coordinates: line(coordinates, 'coordinates', transform) };
  if (type === 'MultiLineString') {
    if (!Array.isArray(coordinates) || coordinates.length === 0) throw new FieldProblem('coordinates: expected at least one line', 'geometry');
    return { type, coordinates: coordinates.map((l, i) => line(l, `line ${i + 1}`, transform)) };
  }
  throw new FieldProblem(`expected a Point, LineString or MultiLineString geometry, got ${show(type)}`, 'geometry');
}

/** The geometry of a CSV record: `wkt` (POINT/LINESTRING/MULTILINESTRING) or `lon`/`lat`. */
function tabularGeometry(properties: Record<string, unknown>, transform: ToWgs84 | null): PlaceGeometry {
  const wkt = properties.wkt;
  if (typeof wkt === 'string' && wkt.trim()) {
    let parsed: unknown;
    try {
      parsed = wktToGeoJSON(wkt.trim().replace(/^SRID=(4326|4490);/i, ''));
    } catch {
      throw new FieldProblem(`not valid WKT: ${show(wkt)}`, 'wkt');
    }
    try {
      return placeGeometry(parsed, transform);
    } catch (error) {
      throw error instanceof FieldProblem ? new FieldProblem(error.message, 'wkt') : error;
    }
  }
  const lon = properties.lon;
  const lat = properties.lat;
  if ((lon === undefined || lon === '' || lon === null) && (lat === undefined || lat === '' || lat === null)) {
    throw new FieldProblem('is required (give lon/lat for a point or wkt for a line)', 'wkt');
  }
  for (const [field, value] of [
    ['lon', lon],
    ['lat', lat],
  ] as const) {
    if (value === undefined || value === null || value === '' || !Number.isFinite(Number(value)))
      throw new FieldProblem(`expected a number, got ${show(value)}`, field);
  }
  const x = Number(lon);
  const y = Number(lat);
  if (Math.abs(x) > 180) throw new FieldProblem(`longitude must be between -180 and 180, got ${show(lon)}`, 'lon');
  if (Math.abs(y) > 90) throw new FieldProblem(`latitude must be between -90 and 90, got ${show(lat)}`, 'lat');
  return { type: 'Point', coordinates: transform ? transform([x, y]) : [x, y] };
}

/**
 * A checked place row from a record's properties (and GeoJSON geometry); problems name the field.
 *
 * @example
 * placeRow({ code: 'P1', name: '测试中街', kind: 'street', source: 'survey', wkt: 'LINESTRING(124.5 41.1, 124.6 41.1)' }, undefined, true, null)
 */
export function placeRow(properties: Record<string, unknown>, geometry: unknown, tabular: boolean, transform: ToWgs84 | null): PlaceRow {
  const allowed = new Set<string>([...placeColumns, ...(tabular ? ['lon', 'lat', 'wkt'] : [])]);
  const unknown = Object.keys(properties).find((key) => !allowed.has(key));
  if (unknown) throw new FieldProblem(`unknown column for places (expected: ${[...allowed].join(', ')})`, unknown);
  const code = text(properties.code, 'code', 40)!;
  const name = text(properties.name, 'name', 60)!;
  const kind = text(properties.kind, 'kind', 20)!;
  if (!(placeKinds as readonly string[]).includes(kind)) throw new FieldProblem(`must be one of ${placeKinds.join(', ')}, got ${show(kind)}`, 'kind');
  const source = text(properties.source, 'source', 200)!;
  return {
    code,
    name,
    kind: kind as PlaceKind,
    synthetic: bool(properties.synthetic),
    source,
    geometry: tabular ? tabularGeometry(properties, transform) : placeGeometry(geometry, transform),
  };
}
