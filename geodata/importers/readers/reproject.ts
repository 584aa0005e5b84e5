import { geojsonToWKT, wktToGeoJSON } from '@terraformer/wkt';
import type { SourceReader, SourceRecord } from './types.ts';
import type { Position, ToLonLat } from './crs.ts';

/** Maps every position of GeoJSON coordinates; anything that is not a position is left for validation. */
function mapCoordinates(value: unknown, transform: ToLonLat): unknown {
  if (!Array.isArray(value)) return value;
  if (typeof value[0] === 'number' && typeof value[1] === 'number') return transform([value[0], value[1]]);
  return value.map((item) => mapCoordinates(item, transform));
}

function reprojectGeometry(geometry: unknown, transform: ToLonLat): unknown {
  if (typeof geometry !== 'object' || geometry === null || !('coordinates' in geometry)) return geometry;
  return { ...geometry, coordinates: mapCoordinates((geometry as { coordinates: unknown }).coordinates, transform) };
}

const numeric = (value: unknown) => (typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN);

function reprojectRecord(record: SourceRecord, tabular: boolean, transform: ToLonLat): SourceRecord {
  if (!tabular) return { ...record, geometry: reprojectGeometry(record.geometry, transform) };
  const properties = { ...record.properties };
  const x = numeric(properties.lon);
  const y = numeric(properties.lat);
  // Unreadable cells stay as they are, so the row check names them.
  if (Number.isFinite(x) && Number.isFinite(y)) [properties.lon, properties.lat] = transform([x, y]) as Position;
  if (typeof properties.wkt === 'string' && properties.wkt.trim()) {
    try {
      const geometry = wktToGeoJSON(properties.wkt.trim().replace(/^SRID=\d+;/i, ''));
      properties.wkt = geojsonToWKT(reprojectGeometry(geometry, transform) as typeof geometry);
    } catch {
      // not WKT: the row check reports it
    }
  }
  return { ...record, properties };
}

/**
 * The records of `reader` with their coordinates (geometry, or lon/lat / wkt columns) converted to
 * WGS-84 lon/lat by `transform`, before any check, so the checks and messages stay the importer's own.
 *
 * @example
 * const lonLat = reprojectReader(await openCsv('sites.csv'), toLonLat('EPSG:4499')!);
 */
export function reprojectReader(reader: SourceReader, transform: ToLonLat): SourceReader {
  async function* records() {
    for await (const record of reader.records) yield reprojectRecord(record, reader.tabular, transform);
  }
  return { ...reader, records: records() };
}
