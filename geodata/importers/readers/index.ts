import path from 'node:path';
import { ImportError, type SourcePosition } from '../errors.ts';
import { openCsv } from './csv.ts';
import { openGeoJson } from './geojson.ts';
import { openShapefile } from './shapefile.ts';
import { openGeoPackage } from './geopackage.ts';
import { toLonLat } from './crs.ts';
import { reprojectReader } from './reproject.ts';
import type { ReaderOptions } from './options.ts';
import type { ReaderFactory, SourceReader } from './types.ts';

export type { ReaderOptions } from './options.ts';

export type { SourceRecord, SourceReader, ReaderFactory } from './types.ts';

/**
 * Readers by file extension. A new format (zipped Shapefile, GeoPackage, GBK CSV) is one more entry: it yields
 * SourceRecords and every check, CRS conversion and the transactional load stay the same.
 */
export const readers: Record<string, ReaderFactory> = {
  '.csv': openCsv,
  '.geojson': openGeoJson,
  '.json': openGeoJson,
  '.zip': openShapefile,
  '.shp': openShapefile,
  '.gpkg': openGeoPackage,
};

/**
 * Opens a source file with the reader for its extension.
 *
 * @example
 * const reader = await openReader('streets.geojson');
 * for await (const record of reader.records) console.log(record.position.featureIndex, record.properties.code);
 */
export async function openReader(file: string, options: ReaderOptions & { crs?: string } = {}): Promise<SourceReader> {
  const extension = path.extname(file).toLowerCase();
  const factory = readers[extension];
  if (!factory) {
    throw new ImportError({ file, reason: `unsupported file type "${extension}" (expected ${Object.keys(readers).join(', ')})` });
  }
  const reader = await factory(file, options);
  // An EPSG code given by the caller wins over the file's own declaration (a wrong .prj happens);
  // the records are converted to lon/lat before any check (readers/reproject.ts).
  const declared = /^EPSG:/i.test(options.crs ?? '') ? options.crs : reader.crs;
  if (!declared) return reader;
  let transform: ReturnType<typeof toLonLat>;
  try {
    transform = toLonLat(declared);
  } catch (error) {
    throw new ImportError({ file, field: 'crs', reason: (error as Error).message, cause: error });
  }
  return transform ? reprojectReader(reader, transform) : reader;
}
