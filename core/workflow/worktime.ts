/**
 * Working-time arithmetic for case deadlines (pure, dependency-free).
 *
 * Deadlines in 数字城管 are counted in working hours / working days: the clock runs only inside the
 * office periods of working days. Times are absolute instants (Date); the calendar says where the
 * periods lie in local time. China has had no daylight saving since 1991, so a fixed UTC offset is exact
 * for Asia/Shanghai and keeps this module free of time-zone databases.
 */

/** Minutes after local midnight, e.g. 8:30 → 510. */
export interface Period {
  start: number;
  end: number;
}

export interface WorkCalendar {
  /** local offset from UTC in minutes (Asia/Shanghai: 480) */
  utcOffsetMinutes: number;
  /** office periods of a working day, ascending and non-overlapping */
  periods: readonly Period[];
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday) */
  weekdays: ReadonlySet<number>;
  /** local dates (YYYY-MM-DD) that are holidays although on a working weekday (法定节假日) */
  holidays?: ReadonlySet<string>;
  /** local dates that are working days although on a weekend (调休补班) */
  extraWorkdays?: ReadonlySet<string>;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

/** Mon–Fri 08:30–12:00 and 13:30–17:30 in Asia/Shanghai: 7.5 working hours a day. */
export const shanghaiCalendar: WorkCalendar = {
  utcOffsetMinutes: 480,
  periods: [
    { start: 8 * 60 + 30, end: 12 * 60 },
    { start: 13 * 60 + 30, end: 17 * 60 + 30 },
  ],
  weekdays: new Set([1, 2, 3, 4, 5]),
};

/** Working minutes in one working day of the calendar (450 for the Shanghai default). */
export const workingMinutesPerDay = (calendar: WorkCalendar) => calendar.periods.reduce((sum, p) => sum + (p.end - p.start), 0);

/** Local day number (days since 1970-01-01 in local time) and minute of that day. */
function local(instant: number, calendar: WorkCalendar) {
  const minutes = instant / MINUTE + calendar.utcOffsetMinutes;
  const day = Math.floor(minutes / DAY_MINUTES);
  return { day, minute: minutes - day * DAY_MINUTES };
}

const instantOf = (day: number, minute: number, calendar: WorkCalendar) => Math.round((day * DAY_MINUTES + minute - calendar.utcOffsetMinutes) * MINUTE);

/** Whether a local day number is a working day under the calendar. */
export function isWorkingDay(day: number, calendar: WorkCalendar): boolean {
  const iso = new Date(day * DAY_MINUTES * MINUTE).toISOString().slice(0, 10);
  if (calendar.holidays?.has(iso)) return false;
  if (calendar.extraWorkdays?.has(iso)) return true;
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (ISO 4)
  return calendar.weekdays.has(weekday);
}

/**
 * Adds `minutes` of working time to `start`. A start outside office hours waits for the next period; a
 * deadline that falls exactly on a period's end stays there (12:00, not 13:30).
 *
 * @example
 * // Friday 16:00 + 7.5 working hours → Monday 16:00 (Asia/Shanghai)
 * addWorkingMinutes(new Date('2024-03-01T08:00:00Z'), 450, shanghaiCalendar) // 2024-03-04T08:00:00Z
 */
export function addWorkingMinutes(start: Date, minutes: number, calendar: WorkCalendar = shanghaiCalendar): Date {
  if (!(minutes >= 0) || !Number.isFinite(minutes)) throw new RangeError(`minutes must be ≥ 0, got ${minutes}`);
  if (calendar.periods.length === 0 || calendar.weekdays.size === 0) throw new RangeError('calendar has no working time');
  if (minutes === 0) return new Date(start.getTime());
  let { day, minute } = local(start.getTime(), calendar);
  let remaining = minutes;
  // Bounded: a calendar with no working day in 3 years is a configuration error, not a loop forever.
  for (let guard = 0; guard < 3 * 366; guard++, day++, minute = 0) {
    if (!isWorkingDay(day, calendar)) continue;
    for (const period of calendar.periods) {
      const from = Math.max(minute, period.start);
      if (from >= period.end) continue;
      const available = period.end - from;
      if (remaining <= available) return new Date(instantOf(day, from + remaining, calendar));
      remaining -= available;
    }
  }
  throw new RangeError('no working time found within three years');
}

/**
 * Working minutes between two instants (0 when `to` is not after `from`). Used to say how far a case
 * is past its deadline in the units the deadline was set in.
 *
 * @example
 * // Friday 17:00 → Monday 09:00: 30 + 30 working minutes
 * workingMinutesBetween(new Date('2024-03-01T09:00:00Z'), new Date('2024-03-04T01:00:00Z')) // 60
 */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkCalendar = shanghaiCalendar): number {
  if (to.getTime() <= from.getTime()) return 0;
  const a = local(from.getTime(), calendar);
  const b = local(to.getTime(), calendar);
  let total = 0;
  for (let day = a.day; day <= b.day; day++) {
    if (!isWorkingDay(day, calendar)) continue;
    const lo = day === a.day ? a.minute : 0;
    const hi = day === b.day ? b.minute : DAY_MINUTES;
    for (const p of calendar.periods) total += Math.max(0, Math.min(hi, p.end) - Math.max(lo, p.start));
  }
  return total;
}

/** Units a deadline rule may use. `hours`/`days` are calendar time (emergencies: the clock never stops). */
export type DeadlineUnit = 'work_hours' | 'work_days' | 'hours' | 'days';

/**
 * The deadline `amount` units after `start`. Working days count as whole working days of working time
 * (7.5 h each by default), so "1 working day" from Friday 16:00 is Monday 16:00.
 *
 * @example
 * addDuration(new Date('2024-03-01T08:00:00Z'), 2, 'hours') // 2024-03-01T10:00:00Z, weekend or not
 */
export function addDuration(start: Date, amount: number, unit: DeadlineUnit, calendar: WorkCalendar = shanghaiCalendar): Date {
  switch (unit) {
    case 'hours':
      return new Date(start.getTime() + amount * 60 * MINUTE);
    case 'days':
      return new Date(start.getTime() + amount * DAY_MINUTES * MINUTE);
    case 'work_hours':
      return addWorkingMinutes(start, amount * 60, calendar);
    case 'work_days':
      return addWorkingMinutes(start, amount * workingMinutesPerDay(calendar), calendar);
  }
}
