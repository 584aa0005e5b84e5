import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { shanghaiCalendar, type WorkCalendar } from '../../core/workflow/worktime.ts';

export type CalendarDay = {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: string;
  updatedBy: string | null;
};

/**
 * The working calendar every deadline uses: the office hours of `shanghaiCalendar` plus the holidays and
 * make-up working days (调休) of `work_calendar_days`.
 *
 * @example
 * planAction(record, 'dispatch', input, rules, { now, isDispute, calendar: await loadWorkCalendar(db) });
 */
export async function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const result = await db.execute<{ day: string; kind: string }>(sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM work_calendar_days`);
  const holidays = new Set<string>();
  const extraWorkdays = new Set<string>();
  for (const row of result.rows) (row.kind === 'holiday' ? holidays : extraWorkdays).add(row.day);
  return { ...shanghaiCalendar, holidays, extraWorkdays };
}

/**
 * Calendar rows of one year (or all), by day.
 *
 * @example
 * await listCalendarDays(db, 2026) // [{ day: '2026-01-01', kind: 'holiday', name: '元旦', … }, …]
 */
export async function listCalendarDays(db: Db, year?: number): Promise<CalendarDay[]> {
  const filter = year === undefined ? sql`true` : sql`extract(year FROM day) = ${year}`;
  const result = await db.execute<CalendarDay>(sql`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, source, updated_by AS "updatedBy"
    FROM work_calendar_days WHERE ${filter} ORDER BY day`);
  return result.rows;
}

/**
 * Sets one day (insert or replace), recording who changed it.
 *
 * @example
 * await putCalendarDay(db, { day: '2027-02-08', kind: 'workday', name: '春节调休上班', source: '…' }, 'admin1');
 */
export async function putCalendarDay(db: Db, day: Omit<CalendarDay, 'updatedBy'>, actor: string): Promise<CalendarDay> {
  const result = await db.execute<CalendarDay>(sql`
    INSERT INTO work_calendar_days (day, kind, name, source, updated_by, updated_at)
    VALUES (${day.day}::date, ${day.kind}, ${day.name}, ${day.source}, ${actor}, now())
    ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = excluded.source,
      updated_by = excluded.updated_by, updated_at = now()
    RETURNING to_char(day, 'YYYY-MM-DD') AS day, kind, name, source, updated_by AS "updatedBy"`);
  return result.rows[0]!;
}

/**
 * Removes one day's entry (it becomes an ordinary weekday or weekend again); false when there was none.
 *
 * @example
 * await deleteCalendarDay(db, '2027-02-08');
 */
export async function deleteCalendarDay(db: Db, day: string): Promise<boolean> {
  const result = await db.execute(sql`DELETE FROM work_calendar_days WHERE day = ${day}::date RETURNING day`);
  return result.rows.length > 0;
}
