import type { Database } from '../../../db/client.ts';
import { placePoint } from '../../../db/queries/open311.ts';
import { searchPlaces } from '../../../db/queries/search.ts';
import { ensureSearchIndex } from '../../../db/queries/search-index.ts';
import type { SearchHit } from '../../../core/contracts/field.ts';
import { ApiError } from '../../middleware/errors.ts';

/**
 * Where a GeoReport POST happened: its lat/long, or — the spec allows an address alone — the place its
 * `address_string` names in the city's gazetteer and area names (the search index). Only an exact name
 * counts, and only when one place of the most specific kind has it: a case in the wrong grid is worse
 * than asking the client (which can show a map) for the point.
 */

// most specific first: a compound named in an address says more than the street around it
const specificity = ['compound', 'site', 'place', 'grid', 'community', 'street', 'district'];
// the house number and what follows (1号, 3号楼2单元, 12栋): no place is named by it
const houseNumber = /[0-9０-９一二三四五六七八九十百零]+(号楼|号院|号|栋|幢|单元|室|层).*$/u;
const maxQuery = 40;

/**
 * The texts to look up: the whole address, without its house number, and each of its parts.
 *
 * @example
 * addressCandidates('互通街道 互通小区3号楼') // ['互通街道 互通小区3号楼', '互通街道 互通小区', '互通街道', '互通小区3号楼', '互通小区']
 */
export function addressCandidates(address: string): string[] {
  const text = address.normalize('NFKC').trim().toLowerCase();
  const parts = text.split(/[\s,，、·;；/|()（）]+/u).filter(Boolean);
  const all = [text, text.replace(houseNumber, ''), ...parts, ...parts.map((p) => p.replace(houseNumber, ''))];
  return [...new Set(all.map((c) => c.trim()))].filter((c) => c.length >= 2 && c.length <= maxQuery);
}

/**
 * The point an address names, or undefined when it names no single place. Exact-name hits of every
 * candidate text are pooled; the most specific kind wins, and two places of that kind are ambiguous.
 *
 * @example
 * await geocodeAddress(database, '互通街道1号') // { point: { lon, lat }, place: '互通街道' }
 */
export async function geocodeAddress(database: Database, address: string): Promise<{ point: { lon: number; lat: number }; place: string } | undefined> {
  await ensureSearchIndex(database);
  const exact = new Map<string, SearchHit>();
  for (const candidate of addressCandidates(address)) {
    for (const hit of await searchPlaces(database, candidate, 5)) {
      if (hit.match === 'name' && specificity.includes(hit.kind)) exact.set(`${hit.kind} ${hit.code}`, hit);
    }
  }
  const hits = [...exact.values()].sort((a, b) => specificity.indexOf(a.kind) - specificity.indexOf(b.kind));
  const best = hits[0];
  if (!best || hits.filter((h) => h.kind === best.kind && h.name === best.name).length > 1) return undefined;
  const point = await placePoint(database.db, best.kind, best.code);
  return point && { point, place: best.name };
}

/**
 * The report's point: lat/long when both are sent (one alone is a 400 naming the other), else the
 * geocoded address, else a 400 naming what is missing (GeoReport error format, see open311Errors).
 *
 * @example
 * const { lon, lat } = await reportLocation(database, { lat: '41.8', long: '123.4' });
 */
export async function reportLocation(
  database: Database,
  fields: { lat?: number; long?: number; address_string?: string },
): Promise<{ lon: number; lat: number }> {
  const { lat, long, address_string: address } = fields;
  if (lat !== undefined && long !== undefined) return { lon: long, lat };
  if (lat !== undefined || long !== undefined) {
    const missing = lat === undefined ? 'lat' : 'long';
    throw new ApiError(400, 'location_required', `${missing} required: the location as WGS84 lat and long (or address_string alone)`, missing);
  }
  if (!address?.trim()) {
    throw new ApiError(
      400,
      'location_required',
      'lat and long required: the location as WGS84 lat and long, or an address_string naming a place of the city',
      'lat',
    );
  }
  const found = await geocodeAddress(database, address);
  if (!found) {
    throw new ApiError(
      400,
      'address_not_found',
      `lat and long required: address_string "${address.slice(0, 100)}" names no single place of the city (gazetteer, compounds, sites, area names); send lat and long`,
      'address_string',
    );
  }
  return found.point;
}
