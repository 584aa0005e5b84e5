import { z } from 'zod';
import { signedIn } from '../../../core/access/roles.ts';
import { declareRoute } from '../declare.ts';

export const liveQuerySchema = z.object({
  /** only events inside this area (any level; 4 digits = city) */
  area: z
    .string()
    .regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{14})$/, 'an area code of 4, 6, 9, 12 or 14 digits')
    .optional(),
  /** resume point for clients that cannot send the Last-Event-ID header */
  lastEventId: z.string().optional(),
  /** without a resume point: start with the newest N visible events (a screen's initial list) */
  backlog: z.coerce.number().int().min(0).max(200).optional(),
});

export const liveRoute = declareRoute({
  method: 'get',
  path: '/live',
  summary: 'Server-Sent Events created / updated / overdue for incidents in the caller’s area; resumes after Last-Event-ID',
  access: { roles: signedIn, scoped: true },
  query: liveQuerySchema,
  responseTypes: ['text/event-stream'],
});
