import { z } from 'zod';
import { instantSchema, periodEndSchema } from './instant.ts';

/**
 * KPI shapes. Rates are fractions 0–1 (null when the denominator is 0). Definitions (docs/kpis.md): the
 * cohort is every incident inside the area (and the caller's scope) with reported_at in [from, to),
 * evaluated at query time.
 *  - due (应结案) = dispatched, not extended, and closed or past due_at; closureRate = closed ∩ due ÷ due
 *  - onTimeRate = closed_at ≤ due_at ∩ due ÷ due; reworkRate = closed with rework_count > 0 ÷ closed
 *  - extensionRate = extended ÷ dispatched; resolutionRate = resolved disputes ÷ accepted disputes
 *    (dispute group, status neither reported nor rejected)
 */
const areaCode = z.string().regex(/^(\d{4}|\d{6}|\d{9}|\d{12}|\d{14})$/, 'an area code of 4, 6, 9, 12 or 14 digits');

/** from/to: a date (a local day; `to` includes it) or an instant; see instant.ts */
export const kpiQuerySchema = z.object({
  area: areaCode.optional(),
  from: instantSchema.optional(),
  to: periodEndSchema.optional(),
  /** child communities and grids as the boundaries stood at this date (its end) or instant; default now (docs/editing.md) */
  asOf: periodEndSchema.optional(),
});
export const trendQuerySchema = z.object({
  area: areaCode.optional(),
  months: z.coerce.number().int().min(1).max(60).default(12),
  /** the months end with the one containing this instant (default: now) */
  to: instantSchema.optional(),
});
export const areaQuerySchema = z.object({ area: areaCode.optional() });

const rate = z.number().min(0).max(1).nullable();
export const kpiCountsSchema = z.object({
  total: z.number().int(),
  due: z.number().int(),
  closedDue: z.number().int(),
  onTime: z.number().int(),
  closed: z.number().int(),
  reworked: z.number().int(),
  dispatched: z.number().int(),
  extended: z.number().int(),
  disputesAccepted: z.number().int(),
  disputesResolved: z.number().int(),
  overdue: z.number().int(),
});
export const kpiRatesSchema = z.object({
  closureRate: rate,
  onTimeRate: rate,
  reworkRate: rate,
  extensionRate: rate,
  resolutionRate: rate,
});
const group = kpiCountsSchema.extend(kpiRatesSchema.shape);

export const kpiResponseSchema = kpiRatesSchema.extend({
  area: z.object({ code: z.string().nullable(), name: z.string(), level: z.string() }),
  from: z.string(),
  to: z.string(),
  counts: kpiCountsSchema,
  byStatus: z.record(z.string(), z.number().int()),
  byCategory: z.array(group.extend({ code: z.string(), nameZh: z.string(), nameEn: z.string(), group: z.string() })),
  /** the next level down, ranked by closure rate (then by cases) */
  children: z.array(group.extend({ code: z.string(), name: z.string(), level: z.string(), rank: z.number().int() })),
});
export type KpiResponse = z.infer<typeof kpiResponseSchema>;

export const trendResponseSchema = z.object({
  months: z.array(z.object({ month: z.string(), reported: z.number().int(), closed: z.number().int(), closureRate: rate, onTimeRate: rate })),
});
export type TrendResponse = z.infer<typeof trendResponseSchema>;

export const preventableResponseSchema = z.object({
  area: z.string().nullable(),
  years: z.array(z.object({ year: z.number().int(), cases: z.number().int(), change: z.number().nullable() })),
});
export type PreventableResponse = z.infer<typeof preventableResponseSchema>;

export const summaryResponseSchema = z.object({
  today: z.number().int(),
  inProgress: z.number().int(),
  overdue: z.number().int(),
  closedToday: z.number().int(),
  gridWorkers: z.number().int(),
  fullTimeWorkers: z.number().int(),
  /** newest reported_at in the area (lets a screen fall back to the latest period with data) */
  latestReportedAt: z.string().nullable(),
});
export type SummaryResponse = z.infer<typeof summaryResponseSchema>;
