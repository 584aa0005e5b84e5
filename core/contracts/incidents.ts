import { z } from 'zod';
import { actions, statuses } from '../workflow/machine.ts';
import { routingActions } from '../workflow/routing.ts';
import { attachmentSchema } from './attachments.ts';
import { instantSchema, periodEndSchema } from './instant.ts';

/** Request/response shapes of /api/incidents, shared by the server, the dashboard and the simulator. */

export const incidentSources = ['grid_worker', 'video', 'public', 'hotline', 'higher_level'] as const;
export const assigneeKinds = ['grid_worker', 'mediation_site', 'department'] as const;
const areaCode = z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{14})$/, 'an area code of 4, 6, 9, 12 or 14 digits');

export const locationSchema = z.object({
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

export const createIncidentSchema = z.object({
  category: z.string().min(1).max(40),
  /** required when the category is a dispute (group `dispute`), refused otherwise */
  disputeType: z.string().min(1).max(40).optional(),
  source: z.enum(incidentSources).default('grid_worker'),
  description: z.string().max(2000).optional(),
  reporterName: z.string().max(50).optional(),
  reporterPhone: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'digits, spaces or dashes')
    .optional(),
  location: locationSchema,
  occurredAt: instantSchema.optional(),
  /** or the `Idempotency-Key` header: a retry with the same key returns the same incident */
  idempotencyKey: z.string().min(8).max(200).optional(),
});
export type CreateIncident = z.infer<typeof createIncidentSchema>;

export const listIncidentsQuerySchema = z.object({
  /** any level: 4-digit city, district, street, community or grid code */
  area: areaCode.optional(),
  /** comma-separated category codes */
  category: z.string().max(400).optional(),
  /** comma-separated statuses */
  status: z.string().max(400).optional(),
  /** reported_at ≥ from, < to; a date-only `to` includes that local day */
  from: instantSchema.optional(),
  to: periodEndSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListIncidentsQuery = z.infer<typeof listIncidentsQuerySchema>;

export const assigneeSchema = z.object({ kind: z.enum(assigneeKinds), code: z.string().min(1).max(60) });

export const incidentSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  category: z.string(),
  categoryGroup: z.string(),
  disputeType: z.string().nullable(),
  status: z.enum(statuses),
  source: z.string(),
  description: z.string().nullable(),
  /** masked by role (张*, 138****5678) */
  reporterName: z.string().nullable(),
  reporterPhone: z.string().nullable(),
  resolved: z.boolean().nullable(),
  reworkCount: z.number().int(),
  extended: z.boolean(),
  extensionRequestedDays: z.number().int().nullable(),
  escalationLevel: z.number().int(),
  overdue: z.boolean(),
  assignee: assigneeSchema.nullable(),
  satisfaction: z.number().int().nullable(),
  occurredAt: z.string(),
  reportedAt: z.string(),
  dispatchedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  stageDueAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  gridCode: z.string().nullable(),
  communityCode: z.string().nullable(),
  streetCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  location: locationSchema,
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentEventSchema = z.object({
  id: z.number().int(),
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string(),
  actor: z.string(),
  note: z.string().nullable(),
  detail: z.unknown().nullable(),
  at: z.string(),
});
export type IncidentEvent = z.infer<typeof incidentEventSchema>;

export const incidentDetailSchema = incidentSchema.extend({
  history: z.array(incidentEventSchema),
  /** actions the caller may perform now */
  allowedActions: z.array(z.enum(actions)),
  /** photos of the report and the report-back, oldest first (absent only in the reply to a new report: none yet) */
  attachments: z.array(attachmentSchema).optional(),
  /** who holds the case (a center by area code, or a department), who sent it there, 协办 departments (absent only in the reply to a new report) */
  holding: z
    .object({
      owner: z.object({ kind: z.enum(['center', 'department']), code: z.string() }).nullable(),
      sender: z.object({ kind: z.enum(['center', 'department']), code: z.string() }).nullable(),
      assists: z.array(z.string()),
    })
    .optional(),
  /** moves between centers and departments the caller may make now (POST /api/incidents/{id}/routing) */
  allowedRouting: z.array(z.enum(routingActions)).optional(),
});
export type IncidentDetail = z.infer<typeof incidentDetailSchema>;

export const incidentListSchema = z.object({ items: z.array(incidentSchema), nextCursor: z.string().nullable() });
export type IncidentList = z.infer<typeof incidentListSchema>;

export const actionRequestSchema = z.object({
  action: z.enum(actions),
  note: z.string().max(2000).optional(),
  /** dispatch: to whom */
  assignee: assigneeSchema.optional(),
  /** report_back on a dispute: mediated successfully (化解) or not */
  resolved: z.boolean().optional(),
  /** request_extension: working days asked for */
  days: z.number().int().min(1).max(30).optional(),
  /** evaluate: satisfaction 1–5 */
  satisfaction: z.number().int().min(1).max(5).optional(),
});
export type ActionRequest = z.infer<typeof actionRequestSchema>;
