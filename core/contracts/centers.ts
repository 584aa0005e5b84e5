import { z } from 'zod';
import { routingActions } from '../workflow/routing.ts';
import { incidentSchema } from './incidents.ts';

/** Shapes of case routing between centers (三级综治中心) and departments, center queues, notifications and the work calendar. */

const holderSchema = z.object({ kind: z.enum(['center', 'department']), code: z.string().min(1).max(60) });
const instant = z.iso.datetime({ offset: true });

export const routingRequestSchema = z.object({
  action: z.enum(routingActions),
  /** hand_up and return: why (required) */
  reason: z.string().max(2000).optional(),
  /** transfer: the center (same level) or department it goes to */
  to: holderSchema.optional(),
  /** co_handle: every department taking part (2–10), the lead among them */
  departments: z.array(z.string().min(1).max(60)).max(10).optional(),
  lead: z.string().min(1).max(60).optional(),
});
export type RoutingRequest = z.infer<typeof routingRequestSchema>;

export const centerSchema = z.object({
  kind: z.enum(['center', 'department']),
  code: z.string(),
  name: z.string(),
  level: z.enum(['city', 'district', 'street', 'department']),
  parentCode: z.string().nullable(),
  /** the caller acts for this desk (its queue and KPIs are theirs to open) */
  mine: z.boolean(),
  /** open cases it holds now and how many are overdue; null for desks the caller does not act for */
  open: z.number().int().nullable(),
  overdue: z.number().int().nullable(),
});
export const centerListSchema = z.object({ items: z.array(centerSchema) });

export const holderParamsSchema = z.object({ code: z.string().min(1).max(60) });
export const queueQuerySchema = z.object({
  /** department: the code is a department's; default center */
  kind: z.enum(['center', 'department']).default('center'),
  /** open: what it holds now · closed: what it closed in [from, to) */
  state: z.enum(['open', 'closed']).default('open'),
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const queueItemSchema = incidentSchema.extend({
  owner: holderSchema,
  sender: holderSchema.nullable(),
});
export const queueSchema = z.object({ holder: holderSchema, items: z.array(queueItemSchema) });

export const holderKpisQuerySchema = z.object({
  kind: z.enum(['center', 'department']).default('center'),
  /** default: the last 365 days */
  from: instant.optional(),
  to: instant.optional(),
});
export const holderKpisSchema = z.object({
  holder: holderSchema,
  from: z.string(),
  to: z.string(),
  open: z.number().int(),
  overdue: z.number().int(),
  /** closed in the period while held here: a case counts for the center that held it when it closed */
  closed: z.number().int(),
  closedOnTime: z.number().int(),
  onTimeRate: z.number().nullable(),
  received: z.number().int(),
  handedUp: z.number().int(),
  returned: z.number().int(),
  returnedHere: z.number().int(),
});

export const notificationListQuerySchema = z.object({
  incidentId: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const notificationListSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      incidentId: z.number().int(),
      recipientKind: z.string().nullable(),
      recipientCode: z.string().nullable(),
      payload: z.unknown(),
      createdAt: z.string(),
      deliveries: z.array(
        z.object({
          channel: z.string(),
          status: z.string(),
          attempts: z.number().int(),
          lastError: z.string().nullable(),
          sentAt: z.string().nullable(),
          sent: z.unknown(),
        }),
      ),
    }),
  ),
});

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');
export const calendarDaySchema = z.object({
  day: z.string(),
  kind: z.enum(['holiday', 'workday']),
  name: z.string(),
  source: z.string(),
  updatedBy: z.string().nullable(),
});
export const calendarListQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const calendarListSchema = z.object({ items: z.array(calendarDaySchema) });
export const calendarDayParamsSchema = z.object({ day: isoDay });
export const putCalendarDaySchema = z.object({
  /** holiday: no working time although a weekday · workday: 调休上班 although a weekend */
  kind: z.enum(['holiday', 'workday']),
  name: z.string().min(1).max(60),
  /** the notice it comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知 */
  source: z.string().min(1).max(200),
});
