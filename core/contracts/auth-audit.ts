import { z } from 'zod';
import { instantDateSchema, periodEndDateSchema } from './instant.ts';

/** `GET /api/audit` query: filters plus keyset cursor (the `nextCursor` of the previous page). */
export const auditQuerySchema = z.object({
  username: z.string().trim().min(1).optional(),
  action: z.string().trim().min(1).optional(),
  target: z.string().trim().min(1).optional(),
  success: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  /** a date (a local day; `to` includes it) or an instant */
  from: instantDateSchema.optional(),
  to: periodEndDateSchema.optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.number().int().nullable(),
  username: z.string().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  reason: z.string().nullable(),
  success: z.boolean(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  detail: z.unknown(),
});
export type AuditEntryResponse = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({ items: z.array(auditEntrySchema), nextCursor: z.number().int().nullable() });
export type AuditPage = z.infer<typeof auditPageSchema>;

/** Record kinds whose personal fields can be revealed, and the fields each has. */
export const revealFields = {
  incident: ['reporterName', 'reporterPhone'],
  grid_worker: ['name', 'phone', 'idNumber'],
  volunteer: ['name', 'phone'],
} as const;

/** `POST /api/personal/reveal`: the clear value of personal fields, with a reason that is audited. */
export const revealRequestSchema = z.object({
  kind: z.enum(['incident', 'grid_worker', 'volunteer']),
  code: z.string().trim().min(1).max(64),
  reason: z.string().trim().min(2, 'give a reason (at least 2 characters)').max(500),
});
export const revealResponseSchema = z.object({
  kind: z.string(),
  code: z.string(),
  values: z.record(z.string(), z.string().nullable()),
});
export type RevealResponse = z.infer<typeof revealResponseSchema>;
