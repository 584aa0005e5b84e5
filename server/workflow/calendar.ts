import type { Database } from '../../db/client.ts';
import { loadWorkCalendar } from '../../db/queries/holidays.ts';
import type { WorkCalendar } from '../../core/workflow/worktime.ts';

const TTL_MS = 60_000;
const cache = new WeakMap<Database, { at: number; calendar: Promise<WorkCalendar> }>();

/**
 * The working calendar (office hours + holidays and 调休 from work_calendar_days) for deadlines, cached a
 * minute per database: every report and action needs it, the table changes a few times a year. An admin
 * edit clears this process's copy at once; other processes follow within the minute.
 *
 * @example
 * planAction(record, action, input, rules, { now, isDispute, calendar: await workCalendar(deps.database) });
 */
export function workCalendar(database: Database): Promise<WorkCalendar> {
  const hit = cache.get(database);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.calendar;
  const calendar = loadWorkCalendar(database.db);
  cache.set(database, { at: Date.now(), calendar });
  calendar.catch(() => cache.delete(database));
  return calendar;
}

/**
 * Drops the cached calendar (after an admin edit).
 *
 * @example
 * forgetWorkCalendar(deps.database);
 */
export function forgetWorkCalendar(database: Database): void {
  cache.delete(database);
}
