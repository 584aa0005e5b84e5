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
  /** several rows reported at once (placement checks): the first ones, each with its position and field */
  problems?: { position: SourcePosition; field: string; reason: string }[];
  /** how many problems there were in all (problems lists at most 20) */
  problemCount?: number;
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
  readonly problems?: ImportErrorDetail['problems'];
  readonly problemCount?: number;

  constructor(detail: ImportErrorDetail) {
    super(formatImportError(detail), detail.cause === undefined ? undefined : { cause: detail.cause });
    this.name = 'ImportError';
    this.file = detail.file;
    this.line = detail.line;
    this.featureIndex = detail.featureIndex;
    this.field = detail.field;
    this.reason = detail.reason;
    this.problems = detail.problems;
    this.problemCount = detail.problemCount;
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
  if (detail.field !== undefined) where.push(`field ${safeName(detail.field)}`);
  return `${detail.file}: ${where.length ? `${where.join(', ')}: ` : ''}${safeText(detail.reason)}`;
}

// Control, format, private-use and unassigned characters, line separators, and the replacement characters
// of undecodable bytes: shown as \u escapes so a binary file cannot scramble the terminal.
const unprintable = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\uFFFD\uFDD0]/gu;
const escape = (text: string) => text.replace(unprintable, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);

/**
 * A field or column name as a message quotes it: in double quotes, unprintable characters escaped, cut
 * after `max` characters (a binary file read as CSV has "column names" kilobytes long).
 *
 * @example
 * safeName('lat') // '"lat"'
 * safeName('\u0001'.repeat(5000)) // '"\u0001\u0001…" (5000 characters)'
 */
export function safeName(name: string, max = 40): string {
  const chars = [...name];
  if (chars.length <= max) return `"${escape(name)}"`;
  return `"${escape(chars.slice(0, max).join(''))}…" (${chars.length} characters)`;
}

/**
 * A reason as printed: unprintable characters escaped, each line cut after `max` characters.
 *
 * @example
 * safeText('value is "\u0001…"') // 'value is "\\u0001…"'
 */
export function safeText(text: string, max = 400): string {
  return text
    .split('\n')
    .map((line) => {
      const chars = [...escape(line)];
      return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}… (${chars.length - max} more characters)`;
    })
    .join('\n');
}

/** "line 7" / "features[3]" for messages that mention a second record (e.g. the first of two duplicates). */
export function describePosition(position: SourcePosition): string {
  return position.line !== undefined ? `line ${position.line}` : `features[${position.featureIndex}]`;
}
