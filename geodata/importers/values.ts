import { FieldProblem } from './errors.ts';

/** The column types the importable tables use. */
export type ValueKind = 'text' | 'integer' | 'boolean' | 'timestamp' | 'date';

const integerText = /^[+-]?\d+$/;
// The form the generator and most exports write; accepted as is, without rewriting (hot path).
const canonicalTimestamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/;
const dateText = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO-8601 date-time; a missing offset means the city's local time (China Standard Time, +08:00).
const timestampText = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Turns one raw source value into the typed value of a column, or null for an empty value. CSV cells are
 * always strings; GeoJSON properties may already be numbers/booleans. Throws FieldProblem with a reason
 * that quotes the bad value.
 *
 * @example
 * coerceValue('integer', '42') // 42
 * coerceValue('boolean', 'TRUE') // true
 * coerceValue('timestamp', '2020-03-01 08:00') // '2020-03-01T08:00:00+08:00'
 */
export function coerceValue(kind: ValueKind, raw: unknown): string | number | boolean | null {
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
      if (raw === 'true') return true;
      if (raw === 'false') return false;
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
        const timestamp = parseTimestamp(raw.trim());
        if (timestamp) return timestamp;
      }
      throw new FieldProblem(`expected an ISO-8601 timestamp (e.g. 2020-03-01T08:30:00+08:00), got ${show(raw)}`);
  }
}

/**
 * A checked timestamp rewritten in one canonical ISO form with an explicit offset, which PostgreSQL reads
 * exactly (building Date objects for a million rows cost more than the rest of the row).
 */
function parseTimestamp(text: string): string | null {
  if (canonicalTimestamp.test(text)) {
    const end = text.length;
    const okZone = text.charCodeAt(end - 1) === 90 /* Z */ || (twoDigits(text, end - 5) <= 15 && twoDigits(text, end - 2) <= 59);
    const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
    const okTime = twoDigits(text, 11) <= 23 && twoDigits(text, 14) <= 59 && twoDigits(text, 17) <= 59;
    return okZone && okTime && calendarDay(year, twoDigits(text, 5), twoDigits(text, 8)) ? text : null;
  }
  const m = timestampText.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone] = m;
  if (!calendarDay(+y!, +mo!, +d!) || +h > 23 || +mi > 59 || +s > 59) return null;
  let offset = '+08:00';
  if (zone && zone.toUpperCase() === 'Z') offset = 'Z';
  else if (zone) {
    const digits = zone.slice(1).replace(':', '');
    if (+digits.slice(0, 2) > 15 || +(digits.slice(2) || '0') > 59) return null;
    offset = `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2) || '00'}`;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${offset}`;
}

/** the number written by the two ASCII digits at `at` (already checked by a regex) */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function calendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : monthDays[month - 1]!);
}

/** A value quoted for an error message, cut short so a huge cell does not flood the terminal. */
export function show(raw: unknown): string {
  const text = typeof raw === 'string' ? JSON.stringify(raw) : (JSON.stringify(raw) ?? String(raw));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
