import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context.ts';
import { mount, type RouteHandler } from '../declare.ts';
import { callerOf } from '../../access/caller.ts';
import { ApiError } from '../../middleware/errors.ts';
import { deleteCalendarDay, listCalendarDays, putCalendarDay } from '../../../db/queries/holidays.ts';
import { forgetWorkCalendar } from '../../workflow/calendar.ts';
import { actorOf } from '../incidents/incident-detail.ts';
import { deleteHolidayRoute, listHolidaysRoute, putHolidayRoute } from './holidays.routes.ts';

const listDays =
  (deps: AppDeps): RouteHandler<typeof listHolidaysRoute> =>
  async (c, { query }) =>
    c.json({ items: await listCalendarDays(deps.database.db, query.year) });

// Deadlines already set stay as they were planned; the edit applies from the next report or step on.
const putDay =
  (deps: AppDeps): RouteHandler<typeof putHolidayRoute> =>
  async (c, { params, body }) => {
    const row = await putCalendarDay(deps.database.db, { day: params.day, ...body }, actorOf(callerOf(c)));
    forgetWorkCalendar(deps.database);
    return c.json(row);
  };

const deleteDay =
  (deps: AppDeps): RouteHandler<typeof deleteHolidayRoute> =>
  async (c, { params }) => {
    if (!(await deleteCalendarDay(deps.database.db, params.day))) throw new ApiError(404, 'not_found', `no calendar entry for ${params.day}`);
    forgetWorkCalendar(deps.database);
    return c.body(null, 204);
  };

/**
 * The work calendar: everyone signed in reads it, admins edit it (`/api/admin/holidays/{day}`).
 *
 * @example
 * api.route('/', holidayRoutes(deps));
 */
export function holidayRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  mount(app, listHolidaysRoute, listDays(deps));
  mount(app, putHolidayRoute, putDay(deps));
  mount(app, deleteHolidayRoute, deleteDay(deps));
  return app;
}
