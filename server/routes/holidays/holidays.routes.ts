import { adminOnly, signedIn } from '../../../core/access/roles.ts';
import {
  calendarDayParamsSchema,
  calendarDaySchema,
  calendarListQuerySchema,
  calendarListSchema,
  putCalendarDaySchema,
} from '../../../core/contracts/centers.ts';
import { declareRoute } from '../declare.ts';

export const listHolidaysRoute = declareRoute({
  method: 'get',
  path: '/holidays',
  summary: 'Holidays and make-up working days (调休) every deadline counts with, by year',
  access: { roles: signedIn },
  query: calendarListQuerySchema,
  response: calendarListSchema,
});

export const putHolidayRoute = declareRoute({
  method: 'put',
  path: '/admin/holidays/:day',
  summary: 'Set one day as a holiday or a make-up working day, naming its source notice',
  access: { roles: adminOnly },
  params: calendarDayParamsSchema,
  body: putCalendarDaySchema,
  response: calendarDaySchema,
});

export const deleteHolidayRoute = declareRoute({
  method: 'delete',
  path: '/admin/holidays/:day',
  summary: 'Remove one day’s entry (it becomes an ordinary weekday or weekend again)',
  access: { roles: adminOnly },
  params: calendarDayParamsSchema,
  status: 204,
});
