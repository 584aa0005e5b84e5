import path from 'node:path';
import { ImportError, type SourcePosition } from '../errors.ts';
import { openCsv } from './csv.ts';
import { openGeoJson } from './geojson.ts';

/** One record of a source file, before any checks: raw property values plus the geometry if the format has one. */
export interface SourceRecord {
  position: SourcePosition;
  properties: Record<string, unknown>;
  /** a GeoJSON geometry (undefined for tabular formats, whose geometry is in lon/lat or wkt columns) */
  geometry?: unknown;
}

export interface SourceReader {
  /** geometry comes from `lon`/`lat` (points) or `wkt` (polygons) columns instead of a geometry member */
  tabular: boolean;
  /** column names known up front (a CSV header), checked once; absent when every record has its own keys */
  header?: { names: string[]; position: SourcePosition };
  /** expected number of records, for progress (an estimate for streamed formats) */
  total: number;
  records: AsyncIterable<SourceRecord>;
}

export type ReaderFactory = (file: string) => Promise<SourceReader>;

/**
 * Readers by file extension. A new format (zipped Shapefile, GeoPackage, GBK CSV) is one more entry: it yields
 * SourceRecords and every check, CRS conversion and the transactional load stay the same.
 */
export const readers: Record<string, ReaderFactory> = {
  '.csv': openCsv,
  '.geojson': openGeoJson,
  '.json': openGeoJson,
};

/**
 * Opens a source file with the reader for its extension.
 *
 * @example
 * const reader = await openReader('streets.geojson');
 * for await (const record of reader.records) console.log(record.position.featureIndex, record.properties.code);
 */
export async function openReader(file: string): Promise<SourceReader> {
  const extension = path.extname(file).toLowerCase();
  const factory = readers[extension];
  if (!factory) {
    throw new ImportError({ file, reason: `unsupported file type "${extension}" (expected ${Object.keys(readers).join(', ')})` });
  }
  return factory(file);
}
