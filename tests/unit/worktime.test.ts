import { describe, expect, it } from 'vitest';
import { addDuration, addWorkingMinutes, isWorkingDay, shanghaiCalendar, workingMinutesBetween, type WorkCalendar } from '../../core/workflow/worktime.ts';

/** Local Shanghai wall time → instant, so the expectations read like a calendar. */
const sh = (local: string) => new Date(`${local}+08:00`);
const iso = (d: Date) => d.toISOString();
// 2024-03-01 is a Friday; 2024-03-02/03 the weekend; 2024-03-04 a Monday.

describe('addWorkingMinutes (Mon–Fri 08:30–12:00, 13:30–17:30, UTC+8)', () => {
  const cases: [string, number, string, string][] = [
    ['inside the morning period', 60, '2024-03-04T09:00:00', '2024-03-04T10:00:00'],
    ['exactly to the end of the morning stays at 12:00', 180, '2024-03-04T09:00:00', '2024-03-04T12:00:00'],
    ['across lunch', 240, '2024-03-04T11:00:00', '2024-03-04T16:30:00'],
    ['starting during lunch waits for 13:30', 30, '2024-03-04T12:30:00', '2024-03-04T14:00:00'],
    ['starting before office hours', 30, '2024-03-04T06:00:00', '2024-03-04T09:00:00'],
    ['starting in the evening rolls to the next morning', 30, '2024-03-04T20:00:00', '2024-03-05T09:00:00'],
    ['across the night', 120, '2024-03-04T17:00:00', '2024-03-05T10:00:00'],
    ['Friday afternoon across the weekend', 120, '2024-03-01T17:00:00', '2024-03-04T10:00:00'],
    ['starting on Saturday', 60, '2024-03-02T10:00:00', '2024-03-04T09:30:00'],
    ['starting on Sunday night', 60, '2024-03-03T23:59:00', '2024-03-04T09:30:00'],
    ['one working day from Friday 16:00 is Monday 16:00', 450, '2024-03-01T16:00:00', '2024-03-04T16:00:00'],
    ['five working days from Monday 08:30 ends Friday 17:30', 5 * 450, '2024-03-04T08:30:00', '2024-03-08T17:30:00'],
    ['ten working days spans two weekends', 10 * 450, '2024-03-01T10:00:00', '2024-03-15T10:00:00'],
    ['fractional minutes are kept', 0.5, '2024-03-04T09:00:00', '2024-03-04T09:00:30'],
  ];
  it.each(cases)('%s', (_name, minutes, start, expected) => {
    expect(iso(addWorkingMinutes(sh(start), minutes))).toBe(iso(sh(expected)));
  });

  it('adds nothing for zero, even outside office hours', () => {
    expect(iso(addWorkingMinutes(sh('2024-03-02T10:00:00'), 0))).toBe(iso(sh('2024-03-02T10:00:00')));
  });

  it('works across a UTC midnight (local morning is the previous UTC day)', () => {
    // 2024-03-04 08:30 local = 2024-03-04T00:30Z; 2024-03-03T23:00Z = Monday 07:00 local
    expect(iso(addWorkingMinutes(new Date('2024-03-03T23:00:00Z'), 30))).toBe('2024-03-04T01:00:00.000Z');
  });

  it('refuses negative or non-finite amounts and empty calendars', () => {
    expect(() => addWorkingMinutes(sh('2024-03-04T09:00:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(sh('2024-03-04T09:00:00'), Number.NaN)).toThrow(RangeError);
    const none: WorkCalendar = { ...shanghaiCalendar, weekdays: new Set() };
    expect(() => addWorkingMinutes(sh('2024-03-04T09:00:00'), 10, none)).toThrow(RangeError);
  });

  it('honours holidays and make-up working days (调休)', () => {
    const calendar: WorkCalendar = {
      ...shanghaiCalendar,
      holidays: new Set(['2024-03-04']),
      extraWorkdays: new Set(['2024-03-02']),
    };
    expect(isWorkingDay(Math.floor(sh('2024-03-04T12:00:00').getTime() / 86_400_000), calendar)).toBe(false);
    // Friday 17:00 + 60 min: 30 on Friday, Saturday is a make-up day → Saturday 09:00
    expect(iso(addWorkingMinutes(sh('2024-03-01T17:00:00'), 60, calendar))).toBe(iso(sh('2024-03-02T09:00:00')));
    // Saturday 17:00 + 60: Sunday off, Monday a holiday → Tuesday 09:00
    expect(iso(addWorkingMinutes(sh('2024-03-02T17:00:00'), 60, calendar))).toBe(iso(sh('2024-03-05T09:00:00')));
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    ['same period', '2024-03-04T09:00:00', '2024-03-04T10:15:00', 75],
    ['across lunch', '2024-03-04T11:00:00', '2024-03-04T14:00:00', 90],
    ['across a weekend', '2024-03-01T17:00:00', '2024-03-04T09:00:00', 60],
    ['a whole week', '2024-03-04T00:00:00', '2024-03-11T00:00:00', 5 * 450],
    ['entirely outside office hours', '2024-03-02T08:00:00', '2024-03-03T20:00:00', 0],
    ['reversed interval', '2024-03-04T10:00:00', '2024-03-04T09:00:00', 0],
  ])('%s', (_name, from, to, expected) => {
    expect(workingMinutesBetween(sh(from), sh(to))).toBe(expected);
  });

  it('inverts addWorkingMinutes for starts inside office hours', () => {
    const start = sh('2024-03-01T15:10:00');
    for (const minutes of [1, 29, 140, 450, 451, 2000, 9000]) {
      expect(workingMinutesBetween(start, addWorkingMinutes(start, minutes))).toBeCloseTo(minutes, 6);
    }
  });
});

describe('addDuration', () => {
  const friday = sh('2024-03-01T16:00:00');
  it('calendar hours and days ignore office hours (emergencies)', () => {
    expect(iso(addDuration(friday, 24, 'hours'))).toBe(iso(sh('2024-03-02T16:00:00')));
    expect(iso(addDuration(friday, 2, 'days'))).toBe(iso(sh('2024-03-03T16:00:00')));
  });
  it('working hours and days stop at night and on weekends', () => {
    expect(iso(addDuration(friday, 2, 'work_hours'))).toBe(iso(sh('2024-03-04T09:00:00')));
    expect(iso(addDuration(friday, 1, 'work_days'))).toBe(iso(sh('2024-03-04T16:00:00')));
    expect(iso(addDuration(friday, 7, 'work_days'))).toBe(iso(sh('2024-03-12T16:00:00')));
  });
});

describe('China’s calendar: holidays and make-up working days (调休)', () => {
  // 国务院办公厅关于2026年部分节假日安排的通知: 春节 2月15日至23日放假, 2月14日（周六）、2月28日（周六）上班
  const days = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
    return out;
  };
  const spring2026: WorkCalendar = {
    ...shanghaiCalendar,
    holidays: new Set(days('2026-02-15', '2026-02-23')),
    extraWorkdays: new Set(['2026-02-14', '2026-02-28']),
  };

  it('counts the make-up Saturday and skips the whole Spring Festival', () => {
    // Friday 13 Feb 16:00 + 2 working days: Saturday 14th is worked (1 day), then nine days off → Tuesday 24th 16:00
    expect(iso(addDuration(sh('2026-02-13T16:00:00'), 2, 'work_days', spring2026))).toBe(iso(sh('2026-02-24T16:00:00')));
    // without the calendar the same deadline would be Tuesday 17th, in the middle of the holiday
    expect(iso(addDuration(sh('2026-02-13T16:00:00'), 2, 'work_days'))).toBe(iso(sh('2026-02-17T16:00:00')));
    // two working hours from Friday 17:00: 30 min on Friday, 90 min on the make-up Saturday
    expect(iso(addDuration(sh('2026-02-13T17:00:00'), 2, 'work_hours', spring2026))).toBe(iso(sh('2026-02-14T10:00:00')));
    // emergencies count calendar time, holiday or not
    expect(iso(addDuration(sh('2026-02-13T16:00:00'), 48, 'hours', spring2026))).toBe(iso(sh('2026-02-15T16:00:00')));
  });

  it('measures working time across the festival', () => {
    // Friday 13th 17:30 → Tuesday 24th 08:30: only Saturday 14th (7.5 h) was working time
    expect(workingMinutesBetween(sh('2026-02-13T17:30:00'), sh('2026-02-24T08:30:00'), spring2026)).toBe(450);
    expect(isWorkingDay(Date.parse('2026-02-28T00:00:00Z') / 86_400_000, spring2026)).toBe(true);
    expect(isWorkingDay(Date.parse('2026-02-16T00:00:00Z') / 86_400_000, spring2026)).toBe(false);
  });
});
