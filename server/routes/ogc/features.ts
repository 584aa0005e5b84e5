import type { Principal } from '../../../core/access/roles.ts';
import { maskPersonal } from '../../access/mask.ts';
import { ApiError } from '../../middleware/errors.ts';
import type { OgcItemsQuery } from '../../../core/contracts/ogc.ts';
import { toIncident, type IncidentRow } from '../../../db/queries/incidents.ts';
import type { FeatureQuery, PropertyType } from '../../../db/queries/ogc.ts';
import { bboxToLonLat, crs84, findCrs, geometryTo, supportedCrs } from './crs.ts';
import { parseBbox, parseDatetime, parseFilters } from './params.ts';
import { withParam, type Link } from './documents.ts';
import type { Db } from '../../../db/client.ts';
import { attachmentsOf } from '../../../db/queries/attachments.ts';
import { attachmentUrl } from '../../../core/contracts/attachments.ts';

/** A GeoJSON feature as served (lon/lat unless converted). */
export interface Feature {
  type: 'Feature';
  id: string;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
  /** per-feature links (incidents: one `enclosure` per photo) */
  links?: Link[];
}

const reserved = new Set(['f', 'bbox', 'bbox-crs', 'crs', 'limit', 'datetime', 'after', 'offset', 'api_key']);
/**
 * Deepest `offset` served. Offset paging reads the skipped rows too (the queries page by keyset), so it is
 * bounded; `after` (the `next` links) pages through any depth at the same cost.
 */
export const maxOffset = 10_000;

function readOffset(raw: Record<string, string>, after: string | undefined): number {
  if (raw.offset === undefined) return 0;
  if (!/^\d{1,9}$/.test(raw.offset)) throw new ApiError(400, 'invalid_offset', 'offset: a whole number of features to skip (0 or more)', 'offset');
  if (after !== undefined) throw new ApiError(400, 'invalid_offset', 'offset and after cannot be combined: page with one of them', 'offset');
  const offset = Number(raw.offset);
  if (offset > maxOffset) throw new ApiError(400, 'invalid_offset', `offset: at most ${maxOffset}; page deeper with the next links (after=)`, 'offset');
  return offset;
}
const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The output CRS named by `crs` (default CRS84); 400 for one not offered. */
export function outputCrs(name: string | undefined) {
  if (name === undefined) return supportedCrs[crs84]!;
  const found = findCrs(name);
  if (!found) throw new ApiError(400, 'unsupported_crs', `crs: "${name}" is not offered (one of ${Object.keys(supportedCrs).join(', ')})`, 'crs');
  return found;
}

/**
 * Reads the items query of a collection beyond its schema: the output CRS, bbox (in `bbox-crs`),
 * datetime (checked everywhere, applied only where the collection has time, as pygeoapi does), `offset`
 * and property filters (every other key of `raw`). `query.limit` covers the skipped rows too: the page is
 * `rows.slice(offset)`, of `pageSize` features.
 *
 * @example
 * const { query, crs, offset, pageSize } = readItemsQuery(c.req.query(), parsed, layerTables.streets.properties, false);
 */
export function readItemsQuery(raw: Record<string, string>, parsed: OgcItemsQuery, properties: Record<string, PropertyType>, temporal: boolean) {
  const crs = outputCrs(parsed.crs);
  let bbox: FeatureQuery['bbox'];
  if (parsed.bbox !== undefined) {
    const bboxCrs = parsed['bbox-crs'] === undefined ? supportedCrs[crs84]! : findCrs(parsed['bbox-crs']);
    if (!bboxCrs) throw new ApiError(400, 'unsupported_crs', `bbox-crs: "${parsed['bbox-crs']}" is not offered`, 'bbox-crs');
    bbox = bboxToLonLat(parseBbox(parsed.bbox), bboxCrs);
  }
  // a malformed datetime is still a 400 everywhere; a well-formed one filters only where there is time
  const range = parsed.datetime === undefined ? {} : parseDatetime(parsed.datetime);
  const offset = readOffset(raw, parsed.after);
  const equals = parseFilters(raw, properties, reserved);
  const query: FeatureQuery = { bbox, equals, after: parsed.after, limit: offset + parsed.limit, ...(temporal ? range : {}) };
  return { query, crs, offset, pageSize: parsed.limit };
}

/** A layer row as a feature. */
export function layerFeature(row: { id: string; geometry: string; properties: Record<string, unknown> }): Feature {
  return { type: 'Feature', id: row.id, geometry: JSON.parse(row.geometry), properties: row.properties };
}

/**
 * An incident row as a feature: the incident API's fields in snake_case, reporter masked by role
 * (as in /api/incidents), the location as the geometry.
 *
 * @example
 * incidentFeature(principal, row).properties.reporter_name // '李*'
 */
export function incidentFeature(principal: Principal, row: IncidentRow, photos: Link[] = []): Feature {
  const incident = maskPersonal(principal, toIncident(row), { reporterName: 'name', reporterPhone: 'phone' });
  const { location, assignee, ...rest } = incident;
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) properties[snake(key)] = value;
  properties.assignee_kind = assignee?.kind ?? null;
  properties.assignee_code = assignee?.code ?? null;
  const feature: Feature = { type: 'Feature', id: incident.code, geometry: { type: 'Point', coordinates: [location.lon, location.lat] }, properties };
  return photos.length ? { ...feature, links: photos } : feature;
}

/**
 * The links of a page of incident rows to their photos (`rel: enclosure`, absolute, fetched with the
 * same credentials), by incident id.
 *
 * @example
 * const links = await photoLinks(db, base, rows); links.get(row.id) // [{ href: 'http://…/api/attachments/7', rel: 'enclosure', … }]
 */
export async function photoLinks(db: Db, base: string, rows: IncidentRow[]): Promise<Map<number, Link[]>> {
  const photos = await attachmentsOf(
    db,
    rows.map((row) => row.id),
  );
  return new Map(
    [...photos].map(([id, list]) => [
      id,
      list.map((photo, i) => ({ href: `${base}${attachmentUrl(photo.id)}`, rel: 'enclosure', type: photo.contentType, title: `照片 photo ${i + 1}` })),
    ]),
  );
}

/**
 * A page of features as a GeoJSON FeatureCollection in `crs` with self/alternate/next/collection
 * links; `rows` may hold one extra row, which only says that a next page exists. `numberMatched` (all
 * pages) is left out when it was not counted. Paged by `offset`
 * (when the request used it), next/prev links keep to offsets; otherwise `next` carries `after`.
 */
export function featureCollection(
  url: string,
  collectionHref: string,
  features: Feature[],
  limit: number,
  crs: { uri: string } & Parameters<typeof geometryTo>[1],
  format: 'json' | 'html' = 'json',
  offset?: number,
  numberMatched?: number,
) {
  const page = features.slice(0, limit);
  const links: Link[] = [
    { href: withParam(url, 'f', 'json'), rel: 'self', type: 'application/geo+json', title: 'this page' },
    { href: withParam(url, 'f', 'html'), rel: 'alternate', type: 'text/html', title: 'as HTML' },
    { href: collectionHref, rel: 'collection', type: 'application/json', title: 'the collection' },
  ];
  const type = format === 'json' ? 'application/geo+json' : 'text/html';
  const byOffset = offset !== undefined && new URL(url).searchParams.has('offset');
  if (features.length > limit) {
    const next = byOffset ? withParam(url, 'offset', String(offset + limit)) : withParam(url, 'after', page.at(-1)!.id);
    links.push({ href: next, rel: 'next', type, title: 'next page' });
  }
  if (byOffset && offset > 0) links.push({ href: withParam(url, 'offset', String(Math.max(0, offset - limit))), rel: 'prev', type, title: 'previous page' });
  return {
    type: 'FeatureCollection' as const,
    features: page.map((f) => (crs.uri === crs84 ? f : { ...f, geometry: geometryTo(f.geometry, crs) })),
    links,
    timeStamp: new Date().toISOString(),
    ...(numberMatched === undefined ? {} : { numberMatched }),
    numberReturned: page.length,
  };
}
