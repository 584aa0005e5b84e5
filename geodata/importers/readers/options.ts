import type { ValueKind } from '../values.ts';

/** What a reader may know about the target besides the file (formats with short or typed fields need it). */
export interface ReaderOptions {
  /** the target entity, e.g. to pick its layer in a GeoPackage or its .shp in a zip */
  entity?: string;
  /** the target columns: DBF field names (10 characters at most) are matched to them, typed values normalized */
  columns?: { name: string; kind: ValueKind }[];
  /** forced text encoding (CSV, DBF), e.g. gbk or utf-8; default: declared (.cpg) or detected */
  encoding?: string;
}

/**
 * A DBF field name (cut to 10 characters by the format) → the column it was cut from, when exactly one
 * column fits; otherwise the name itself (the header check then names it).
 *
 * @example
 * columnForField('parent_cod', [{ name: 'parent_code', kind: 'text' }]) // 'parent_code'
 */
export function columnForField(field: string, columns: ReaderOptions['columns'] = []): string {
  const name = field.trim();
  const exact = columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (exact) return exact.name;
  if (name.length < 10) return name;
  const cut = columns.filter((c) => c.name.slice(0, name.length).toLowerCase() === name.toLowerCase());
  return cut.length === 1 ? cut[0]!.name : name;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Values of binary formats as the importer's checks expect them: booleans stored as 1/0 or T/F, dates
 * read as Date (DBF D fields, local calendar day) or written by GDAL as `YYYY/MM/DD hh:mm:ss`.
 *
 * @example
 * normalizeValue(1, 'boolean') // true
 * normalizeValue('2024/03/01 08:00:00', 'timestamp') // '2024-03-01 08:00:00'
 */
export function normalizeValue(value: unknown, kind: ValueKind | undefined): unknown {
  if (value instanceof Date) {
    const day = `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
    return Number.isNaN(value.getTime()) ? null : day;
  }
  if (kind === 'boolean') {
    if (value === 1 || value === 0) return value === 1;
    if (typeof value === 'string' && /^[TtYy1]$|^[FfNn0]$/.test(value.trim())) return /^[TtYy1]$/.test(value.trim());
  }
  if ((kind === 'timestamp' || kind === 'date') && typeof value === 'string') {
    return value.trim().replace(/^(\d{4})\/(\d{2})\/(\d{2})/, '$1-$2-$3');
  }
  return value;
}
