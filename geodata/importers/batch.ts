import {
  insertImportBatch,
  firstInvalidPolygon,
  type ImportColumnType,
  type PlacementCheck,
  type PlacementProblem,
  type Queryable,
} from '../../db/queries/imports.ts';
import { ImportError, describePosition, type SourcePosition } from './errors.ts';
import type { EntitySpec } from './entities.ts';
import type { ImportRow } from './rows.ts';
import type { ValueKind } from './values.ts';

const columnTypes: Record<ValueKind, ImportColumnType> = {
  text: 'text',
  integer: 'int4',
  boolean: 'bool',
  timestamp: 'timestamptz',
  date: 'date',
};

const maxRows = 10_000;

/** PostgreSQL's detail of a unique or foreign-key violation: Key (col)=(value) already exists / is not present in table "t". */
export const keyDetail = /^Key \((.+?)\)=\((.*)\) (already exists|is not present in table "(.+)")\.?$/s;
// Polygon batches are capped by size too: a few thousand detailed boundaries would make one huge parameter.
const maxGeoJsonChars = 8_000_000;

/**
 * Where a batch goes when it is not the entity's own table: a staging table (staged.ts), with smaller
 * batches (each is one statement other connections wait behind on the embedded engine) and each row's
 * file position stored beside it, so checks run later in SQL can still name the line or feature.
 */
export interface BatchTarget {
  table: string;
  maxRows: number;
}

/** Rows collected column by column, ready to travel as one array parameter per column. */
export class RowBatch {
  readonly positions: SourcePosition[] = [];
  readonly columns: unknown[][];
  readonly lon: number[] = [];
  readonly lat: number[] = [];
  readonly geojson: string[] = [];
  private chars = 0;

  constructor(
    readonly spec: EntitySpec,
    /** the field a geometry problem is reported under: geometry, lon or wkt */
    readonly geometryField: string,
    readonly target?: BatchTarget,
  ) {
    this.columns = spec.columns.map(() => []);
  }

  get size(): number {
    return this.positions.length;
  }

  get full(): boolean {
    return this.size >= (this.target?.maxRows ?? maxRows) || this.chars >= maxGeoJsonChars;
  }

  /** The file position of the row with this code (placement problems come back by code). */
  positionOf(code: string): { line?: number; featureIndex?: number } {
    const index = this.columns[this.spec.columns.findIndex((c) => c.name === 'code')]?.indexOf(code) ?? -1;
    return index >= 0 ? this.positions[index]! : {};
  }

  push(row: ImportRow): void {
    this.positions.push(row.position);
    for (let i = 0; i < this.columns.length; i++) this.columns[i]!.push(row.values[i]);
    if (row.geometry?.type === 'Point') {
      this.lon.push(row.geometry.coordinates[0]);
      this.lat.push(row.geometry.coordinates[1]);
    } else if (row.geometry) {
      const text = JSON.stringify(row.geometry);
      this.chars += text.length;
      this.geojson.push(text);
    }
  }

  /**
   * Writes the batch: polygons are checked with ST_IsValid first, then one INSERT … SELECT FROM unnest.
   * A constraint violation is traced back to the row and field that caused it. Returns the rows that lie
   * outside the area their codes name (with `placement`), for the caller to collect.
   */
  async write(client: Queryable, file: string, placement?: PlacementCheck): Promise<PlacementProblem[]> {
    const { spec } = this;
    if (spec.geometry === 'MultiPolygon') {
      const invalid = await firstInvalidPolygon(client, this.geojson);
      if (invalid) {
        throw new ImportError({ file, ...this.positions[invalid.index]!, field: this.geometryField, reason: `invalid polygon: ${invalid.reason}` });
      }
    }
    const columns = spec.columns.map((column, i) => ({
      name: column.name,
      type: columnTypes[column.kind],
      values: this.columns[i]!,
      fallbackSql: column.sqlFallback,
    }));
    if (this.target) {
      columns.push(
        { name: 'import_line', type: 'int4', values: this.positions.map((p) => p.line ?? null), fallbackSql: undefined },
        { name: 'import_feature', type: 'int4', values: this.positions.map((p) => p.featureIndex ?? null), fallbackSql: undefined },
      );
    }
    try {
      return await insertImportBatch(
        client,
        {
          table: this.target?.table ?? spec.table,
          columns,
          geometry:
            spec.geometry === 'Point'
              ? { kind: 'Point', lon: this.lon, lat: this.lat }
              : spec.geometry
                ? { kind: 'MultiPolygon', geojson: this.geojson }
                : undefined,
        },
        placement,
      );
    } catch (error) {
      throw this.explain(error, file);
    }
  }

  /** Turns a database error into an ImportError at the offending row, as precisely as the error allows. */
  private explain(error: unknown, file: string): ImportError {
    const db = error as { code?: string; detail?: string; column?: string; constraint?: string; message?: string };
    const key = keyDetail.exec(db.detail ?? '');
    if ((db.code === '23505' || db.code === '23503') && key) {
      const names = key[1]!.split(', ');
      const values = names.length === 1 ? [key[2]!] : key[2]!.split(', ');
      const index = this.find(names, values);
      const shown = names.map((name, i) => `${name} "${values[i]}"`).join(', ');
      const reason =
        db.code === '23505'
          ? `${shown} already exists in ${this.spec.table} (a row loaded before this import)`
          : `${shown} does not exist in ${key[4]} (import the parent rows first)`;
      return this.error(file, index, names[names.length - 1], reason, error);
    }
    if (db.code === '23502' && db.column) {
      const i = this.spec.columns.findIndex((c) => c.name === db.column);
      return this.error(file, i >= 0 ? this.columns[i]!.indexOf(null) : -1, db.column, 'is required (missing or empty)', error);
    }
    const reason = db.code === '23514' ? `violates check constraint ${db.constraint}` : `database error: ${db.message ?? String(error)}`;
    return this.error(file, -1, undefined, reason, error);
  }

  private find(names: string[], values: string[]): number {
    const indexes = names.map((name) => this.spec.columns.findIndex((c) => c.name === name));
    if (indexes.some((i) => i < 0)) return -1;
    for (let row = 0; row < this.size; row++) {
      if (indexes.every((c, k) => String(this.columns[c]![row]) === values[k])) return row;
    }
    return -1;
  }

  private error(file: string, index: number, field: string | undefined, reason: string, cause: unknown): ImportError {
    if (index >= 0) return new ImportError({ file, ...this.positions[index]!, field, reason, cause });
    // Not traceable to one row: name the batch's range instead.
    const first = this.positions[0]!;
    const last = this.positions[this.size - 1]!;
    return new ImportError({ file, ...first, field, reason: `${reason} (in the rows ${describePosition(first)} to ${describePosition(last)})`, cause });
  }
}
