/**
 * Calendar dates as people in the city mean them: a day is a day in Asia/Shanghai (UTC+8, no daylight
 * saving since 1991, so a fixed offset is exact), and a period "2021-01-01 – 2021-12-31" includes the
 * 31st. Instants on the wire stay half-open [from, to); these helpers turn local days into such
 * bounds and back. Pure and dependency-free.
 */

export const LOCAL_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Whether year-month-day (and hh:mm:ss) name a real moment, e.g. not 2026-02-30 or 24:61. */
function realDate(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
}

/**
 * Parses `YYYY-MM-DD` or an ISO 8601 date-time with an offset into an instant (ms since the epoch).
 * A bare date is the start of that local day, or with `end` the start of the next one (the
 * exclusive end of a period that includes the day). Null when the text is not a real date.
 *
 * @example
 * new Date(parseInstant('2021-12-31', 'end')!).toISOString()  // → '2021-12-31T16:00:00.000Z'
 */
export function parseInstant(text: string, bound: 'start' | 'end' = 'start'): number | null {
  const day = DATE.exec(text);
  if (day) {
    const [y, mo, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (!realDate(y, mo, d)) return null;
    return Date.UTC(y, mo - 1, d) - LOCAL_OFFSET_MS + (bound === 'end' ? DAY_MS : 0);
  }
  const full = DATE_TIME.exec(text);
  if (!full) return null;
  const [y, mo, d, h, mi, s] = full.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (!realDate(y, mo, d, h, mi, s)) return null;
  const offset = full[7]!.length > 1 && !full[7]!.includes(':') ? `${full[7]!.slice(0, 3)}:${full[7]!.slice(3)}` : full[7]!;
  const t = Date.parse(text.slice(0, text.length - full[7]!.length) + offset);
  return Number.isNaN(t) ? null : t;
}

/**
 * The local (Asia/Shanghai) calendar day of an instant, YYYY-MM-DD.
 *
 * @example
 * localDay('2021-12-31T16:00:00Z')  // → '2022-01-01'
 */
export function localDay(instant: string | number | Date): string {
  return new Date(new Date(instant).getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The local days a half-open period [from, to) covers, as a user would write them: the last day is
 * the one before `to` when `to` is a local midnight.
 *
 * @example
 * localPeriod('2020-12-31T16:00:00Z', '2021-12-31T16:00:00Z')  // → { from: '2021-01-01', to: '2021-12-31' }
 */
export function localPeriod(from: string | number | Date, to: string | number | Date): { from: string; to: string } {
  return { from: localDay(from), to: localDay(new Date(to).getTime() - 1) };
}
