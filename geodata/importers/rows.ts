import { ImportError, FieldProblem, type SourcePosition } from './errors.ts';
import { checkGeometry, pointFromColumns, polygonFromWkt, type ImportGeometry, type ToWgs84 } from './geometry.ts';
import { coerceValue, show } from './values.ts';
import type { EntitySpec } from './entities.ts';
import type { SourceReader, SourceRecord } from './readers/index.ts';

const rowError = (file: string, position: SourcePosition, field: string | undefined, reason: string) => new ImportError({ file, ...position, field, reason });

export interface ImportRow {
  position: SourcePosition;
  /** typed values in `spec.columns` order (null = use the column default / NULL) */
  values: unknown[];
  geometry: ImportGeometry | null;
}

/** The property names a file may carry for an entity: its columns, plus lon/lat or wkt in tabular files. */
export function allowedFields(spec: EntitySpec, tabular: boolean): Set<string> {
  const names = spec.columns.map((c) => c.name);
  if (tabular && spec.geometry === 'Point') names.push('lon', 'lat');
  if (tabular && spec.geometry === 'MultiPolygon') names.push('wkt');
  return new Set(names);
}

/** Header check for tabular files: unknown columns and missing required ones are reported once, on line 1. */
export function checkHeader(spec: EntitySpec, reader: SourceReader, file: string): void {
  if (!reader.header) return;
  const allowed = allowedFields(spec, reader.tabular);
  const { names, position } = reader.header;
  const unknown = names.find((name) => !allowed.has(name));
  if (unknown) {
    throw new ImportError({ file, ...position, field: unknown, reason: `unknown column for ${spec.entity} (expected: ${[...allowed].join(', ')})` });
  }
  const required = [...spec.columns.filter((c) => c.required).map((c) => c.name), ...geometryColumns(spec, reader.tabular)];
  const missing = required.find((name) => !names.includes(name));
  if (missing) throw new ImportError({ file, ...position, field: missing, reason: `required column is missing from the header` });
}

function geometryColumns(spec: EntitySpec, tabular: boolean): string[] {
  if (!tabular || !spec.geometry) return [];
  return spec.geometry === 'Point' ? ['lon', 'lat'] : ['wkt'];
}

/**
 * Checks one source record and turns it into typed column values and a WGS-84 geometry. Every problem becomes
 * an ImportError naming the file, the record's position and the field.
 *
 * @example
 * const row = toRow(entitySpecs.districts, record, { file: 'd.geojson', tabular: false, transform: null, allowed });
 */
export function toRow(
  spec: EntitySpec,
  record: SourceRecord,
  context: { file: string; tabular: boolean; transform: ToWgs84 | null; allowed: Set<string>; headerChecked: boolean },
): ImportRow {
  const { file } = context;
  const { position, properties } = record;
  if (!context.headerChecked) {
    for (const name in properties) {
      if (!context.allowed.has(name))
        throw rowError(file, position, name, `unknown property for ${spec.entity} (expected: ${[...context.allowed].join(', ')})`);
    }
  }
  const values: unknown[] = new Array(spec.columns.length);
  const typed: Record<string, unknown> = {};
  for (let i = 0; i < spec.columns.length; i++) {
    const column = spec.columns[i]!;
    let value: unknown;
    try {
      value = coerceValue(column.kind, properties[column.name]);
    } catch (error) {
      if (error instanceof FieldProblem) throw rowError(file, position, column.name, error.message);
      throw error;
    }
    if (value === null && column.fallback !== undefined) value = column.fallback;
    if (value === null && column.required) throw rowError(file, position, column.name, 'is required (missing or empty)');
    values[i] = value;
    if (value !== null) typed[column.key] = value;
  }
  const parsed = spec.schema.safeParse(typed);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const column = spec.columns.find((c) => c.key === issue.path[0]);
    throw rowError(file, position, column?.name ?? String(issue.path[0]), `${issue.message} (got ${show(column ? properties[column.name] : undefined)})`);
  }
  return { position, values, geometry: rowGeometry(spec, record, context) };
}

function rowGeometry(spec: EntitySpec, record: SourceRecord, context: { file: string; tabular: boolean; transform: ToWgs84 | null }): ImportGeometry | null {
  const { file } = context;
  const { position } = record;
  const field = context.tabular ? (spec.geometry === 'Point' ? 'lon' : 'wkt') : 'geometry';
  try {
    if (!spec.geometry) {
      if (record.geometry !== undefined && record.geometry !== null)
        throw rowError(file, position, 'geometry', `${spec.entity} has no geometry; expected null`);
      return null;
    }
    if (!context.tabular) return checkGeometry(record.geometry, spec.geometry, context.transform);
    return spec.geometry === 'Point'
      ? pointFromColumns(record.properties.lon, record.properties.lat, context.transform)
      : polygonFromWkt(record.properties.wkt, context.transform);
  } catch (error) {
    if (error instanceof FieldProblem) throw rowError(file, position, error.field ?? field, error.message);
    throw error;
  }
}
