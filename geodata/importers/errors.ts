/** Where a record sits in its source file: a CSV line (1-based, header = 1) or a GeoJSON feature index (0-based). */
export interface SourcePosition {
  line?: number;
  featureIndex?: number;
}

export interface ImportErrorDetail extends SourcePosition {
  file: string;
  field?: string;
  /** what is wrong, without the location (the message adds file, position and field) */
  reason: string;
  cause?: unknown;
}

/**
 * A file that cannot be imported. The message names the file, the position (line or feature index) and the
 * field, so a planner can fix the file without reading code; the same parts are properties for programs.
 *
 * @example
 * throw new ImportError({ file: 'streets.csv', line: 7, field: 'lat', reason: 'must be between -90 and 90 (got 95)' });
 * // message: 'streets.csv: line 7, field "lat": must be between -90 and 90 (got 95)'
 */
export class ImportError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly featureIndex?: number;
  readonly field?: string;
  readonly reason: string;

  constructor(detail: ImportErrorDetail) {
    super(formatImportError(detail), detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = 'ImportError';
    this.file = detail.file;
    this.line = detail.line;
    this.featureIndex = detail.featureIndex;
    this.field = detail.field;
    this.reason = detail.reason;
  }
}

/** A problem with one value, raised by the value/geometry checks and turned into an ImportError by the caller. */
export class FieldProblem extends Error {
  constructor(
    reason: string,
    /** set when the problem lies in another field than the one being checked (e.g. `lat` of a point) */
    readonly field?: string,
  ) {
    super(reason);
  }
}

/** "file: line 7, field "lat": reason" / "file: features[3], field "geometry": reason" */
export function formatImportError(detail: ImportErrorDetail): string {
  const where: string[] = [];
  if (detail.line !== undefined) where.push(`line ${detail.line}`);
  if (detail.featureIndex !== undefined) where.push(`features[${detail.featureIndex}]`);
  if (detail.field !== undefined) where.push(`field "${detail.field}"`);
  return `${detail.file}: ${where.length ? `${where.join(', ')}: ` : ''}${detail.reason}`;
}

/** "line 7" / "features[3]" for messages that mention a second record (e.g. the first of two duplicates). */
export function describePosition(position: SourcePosition): string {
  return position.line !== undefined ? `line ${position.line}` : `features[${position.featureIndex}]`;
}
