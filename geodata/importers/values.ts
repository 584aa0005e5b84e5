import { FieldProblem } from './errors.ts';

/** The column types the importable tables use. */
export type ValueKind = 'text' | 'integer' | 'boolean' | 'timestamp' | 'date';

const integerText = /^[+-]?\d+$/;
const dateText = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO-8601 date-time; a missing offset means the city's local time (China Standard Time, +08:00).
const timestampText =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Turns one raw source value into the typed value of a column, or null for an empty value. CSV cells are
 * always strings; GeoJSON properties may already be numbers/booleans. Throws FieldProblem with a reason
 * that quotes the bad value.
 *
 * @example
 * coerceValue('integer', '42') // 42
 * coerceValue('boolean', 'TRUE') // true
 * coerceValue('timestamp', '2020-03-01T08:00:00') // Date of 2020-03-01T00:00:00Z
 */
export function coerceValue(kind: ValueKind, raw: unknown): string | number | boolean | Date | null {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (kind) {
    case 'text':
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
      throw new FieldProblem(`expected text, got ${show(raw)}`);
    case 'integer':
      if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
      if (typeof raw === 'string' && integerText.test(raw.trim())) return Number(raw.trim());
      throw new FieldProblem(`expected an integer, got ${show(raw)}`);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return raw.trim().toLowerCase() === 'true';
      throw new FieldProblem(`expected true or false, got ${show(raw)}`);
    case 'date':
      if (typeof raw === 'string') {
        const m = dateText.exec(raw.trim());
        if (m && calendarDay(+m[1]!, +m[2]!, +m[3]!)) return raw.trim();
      }
      throw new FieldProblem(`expected a date YYYY-MM-DD, got ${show(raw)}`);
    case 'timestamp':
      if (typeof raw === 'string') {
        const date = parseTimestamp(raw.trim());
        if (date) return date;
      }
      throw new FieldProblem(`expected an ISO-8601 timestamp (e.g. 2020-03-01T08:30:00+08:00), got ${show(raw)}`);
  }
}

function parseTimestamp(text: string): Date | null {
  const m = timestampText.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  if (!calendarDay(+y!, +mo!, +d!) || +h > 23 || +mi > 59 || +s > 59) return null;
  let offsetMinutes = 8 * 60;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (+digits.slice(0, 2) * 60 + +(digits.slice(2) || '0'));
  } else if (zone) {
    offsetMinutes = 0;
  }
  const ms = fraction ? Math.round(Number(fraction) * 1000) : 0;
  return new Date(Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, ms) - offsetMinutes * 60_000);
}

function calendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A value quoted for an error message, cut short so a huge cell does not flood the terminal. */
export function show(raw: unknown): string {
  const text = typeof raw === 'string' ? JSON.stringify(raw) : JSON.stringify(raw) ?? String(raw);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
