import path from 'node:path';
import { ImportError } from '../errors.ts';
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
  const forced = /^EPSG:/i.test(options.crs ?? '');
  const declared = forced ? options.crs : reader.crs;
  if (!declared) return reader;
  const crs = { name: crsName(declared), source: forced ? '--crs' : extension === '.gpkg' ? 'the GeoPackage' : 'the .prj' };
  let transform: ReturnType<typeof toLonLat>;
  try {
    transform = toLonLat(declared);
  } catch (error) {
    const message = (error as Error).message;
    // name the system and who declared it, unless the message already starts with it (EPSG:n is not built in)
    const reason = message.startsWith(crs.name) ? message : `${crs.name} (declared by ${crs.source}): ${message}`;
    throw new ImportError({ file, field: 'crs', reason, cause: error });
  }
  return reprojectReader(reader, transform, crs, file);
}

/**
 * A coordinate system's name for messages: `EPSG:n` as is, a WKT definition by its first quoted name.
 *
 * @example
 * crsName('PROJCS["CGCS2000_3_Degree_GK_Zone_41",GEOGCS[…]]') // 'CGCS2000_3_Degree_GK_Zone_41'
 */
export function crsName(definition: string): string {
  const text = definition.trim();
  const quoted = /^[A-Z_]+\[\s*"([^"]{1,100})"/i.exec(text);
  return quoted ? `"${quoted[1]}"` : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
