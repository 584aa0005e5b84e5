import { ApiError } from '../../middleware/errors.ts';
import type { PropertyType } from '../../../db/queries/ogc.ts';

/**
 * Parsing of the OGC API query parameters that zod cannot say alone (bbox, datetime, property
 * filters). Each problem is a 400 naming the parameter.
 */

const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * `bbox=minX,minY,maxX,maxY` (or 6 numbers with heights, which are dropped), in the bbox CRS's axis
 * order; the caller converts to lon/lat.
 *
 * @example
 * parseBbox('123.3,41.7,123.5,41.9') // [123.3, 41.7, 123.5, 41.9]
 */
export function parseBbox(text: string): [number, number, number, number] {
  const parts = text.split(',').map((p) => p.trim());
  if ((parts.length !== 4 && parts.length !== 6) || !parts.every((p) => number.test(p))) {
    throw new ApiError(400, 'invalid_bbox', 'bbox needs 4 (or 6) comma-separated numbers: minX,minY,maxX,maxY', 'bbox');
  }
  const n = parts.map(Number);
  const box = (n.length === 6 ? [n[0], n[1], n[3], n[4]] : n) as [number, number, number, number];
  if (box[1] > box[3]) throw new ApiError(400, 'invalid_bbox', 'bbox: the lower corner is above the upper corner', 'bbox');
  return box;
}

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/i;
const day = /^\d{4}-\d{2}-\d{2}$/;

function bound(text: string, end: boolean): string | undefined {
  if (text === '..' || text === '') return undefined;
  // A bare date is a whole day in the city's time (China Standard Time), like the importers read it.
  if (day.test(text) && !Number.isNaN(Date.parse(text))) {
    const start = new Date(`${text}T00:00:00+08:00`);
    return (end ? new Date(start.getTime() + 86_400_000) : start).toISOString();
  }
  if (instant.test(text) && !Number.isNaN(Date.parse(text))) {
    // an inclusive end instant: the SQL range is half-open, so move it 1 ms on
    return end ? new Date(Date.parse(text) + 1).toISOString() : new Date(Date.parse(text)).toISOString();
  }
  throw new ApiError(400, 'invalid_datetime', `datetime: "${text}" is not an RFC 3339 date-time (e.g. 2024-03-01T08:00:00+08:00), a date or ".."`, 'datetime');
}

/**
 * `datetime` as a half-open range [from, to) of ISO instants: an instant (that millisecond), a date
 * (that day, China Standard Time) or an interval with open ends `..`.
 *
 * @example
 * parseDatetime('2024-03-01/..') // { from: '2024-02-29T16:00:00.000Z', to: undefined }
 */
export function parseDatetime(text: string): { from?: string; to?: string } {
  const parts = text.split('/');
  if (parts.length > 2) throw new ApiError(400, 'invalid_datetime', 'datetime: at most one "/"', 'datetime');
  const [start, end = start] = parts as [string, string?];
  const range = { from: bound(start, false), to: bound(end!, true) };
  if (range.from && range.to && range.from >= range.to) {
    throw new ApiError(400, 'invalid_datetime', 'datetime: the interval ends before it starts', 'datetime');
  }
  return range;
}

/**
 * Property filters from the query string: `name=value` or `name=a,b` (any of) for a known property;
 * any other parameter is refused so a typo does not silently return everything.
 *
 * @example
 * parseFilters({ kind: 'town,township' }, { kind: 'text' }, new Set()) // { kind: ['town', 'township'] }
 */
export function parseFilters(
  query: Record<string, string>,
  properties: Record<string, PropertyType>,
  reserved: Set<string>,
): Record<string, (string | number | boolean)[]> {
  const filters: Record<string, (string | number | boolean)[]> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (reserved.has(name)) continue;
    const type = properties[name];
    if (!type) {
      throw new ApiError(400, 'unknown_parameter', `unknown query parameter "${name}" (filters: ${Object.keys(properties).join(', ')})`, name);
    }
    const values = raw
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (!values.length || values.length > 100 || raw.length > 2000) {
      throw new ApiError(400, 'invalid_filter', `${name}: give 1–100 comma-separated values`, name);
    }
    filters[name] = values.map((value) => {
      if (type === 'integer' && !/^-?\d{1,9}$/.test(value)) throw new ApiError(400, 'invalid_filter', `${name}: "${value}" is not an integer`, name);
      if (type === 'boolean' && !/^(true|false)$/.test(value)) throw new ApiError(400, 'invalid_filter', `${name}: expected true or false`, name);
      return type === 'integer' ? Number(value) : type === 'boolean' ? value === 'true' : value;
    });
  }
  return filters;
}
