import { pgTable, text, numeric, primaryKey, check, bigserial, bigint, timestamp, jsonb, index } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Configurable deadlines (时限) per incident category and workflow stage. `category` '*' is the default
 * for categories without their own row. Units: work_hours / work_days count office time only
 * (core/workflow/worktime.ts); hours / days are calendar time, for emergencies. `escalate_after` is how
 * long after the stage deadline (same unit) an open case goes up from the street to the district center.
 */
export const deadlineRules = pgTable(
  'deadline_rules',
  {
    category: text('category').notNull(),
    /** register (reported→registered) · dispatch (registered→dispatched) · handle (dispatch→closed) · verify (feedback→closed) */
    stage: text('stage').notNull(),
    amount: numeric('amount').notNull(),
    unit: text('unit').notNull(),
    escalateAfter: numeric('escalate_after').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.category, t.stage] }),
    check('deadline_rules_stage', sql`${t.stage} IN ('register','dispatch','handle','verify')`),
    check('deadline_rules_unit', sql`${t.unit} IN ('work_hours','work_days','hours','days')`),
    check('deadline_rules_amounts', sql`${t.amount} > 0 AND ${t.escalateAfter} >= 0`),
  ],
);

/**
 * Outbox of live events (created / updated / overdue), written in the same transaction as the change and
 * announced with NOTIFY live_events. SSE streams read it by id, so a reconnect with Last-Event-ID resumes
 * from here and every server process sees every event. Area codes are copied for per-principal filtering.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').notNull(),
    incidentId: bigint('incident_id', { mode: 'number' }).notNull(),
    gridCode: text('grid_code'),
    communityCode: text('community_code'),
    streetCode: text('street_code'),
    districtCode: text('district_code'),
    payload: jsonb('payload').notNull(),
  },
  (t) => [index('live_events_at_idx').on(t.at), check('live_events_kind', sql`${t.kind} IN ('created','updated','overdue')`)],
);
