import type { SourcePosition } from '../errors.ts';
export type { ReaderOptions } from './options.ts';
import type { ReaderOptions } from './options.ts';

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
  /** the coordinate system the file declares (EPSG:n or WKT: a .prj, a GeoPackage srs); absent = lon/lat */
  crs?: string;
  records: AsyncIterable<SourceRecord>;
}

export type ReaderFactory = (file: string, options?: ReaderOptions) => Promise<SourceReader>;
