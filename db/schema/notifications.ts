import { pgTable, text, bigserial, bigint, timestamp, jsonb, integer, date, index, unique, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Notification outbox (#20): one row per notice (dispatched, returned, overdue, escalated, handed up,
 * transferred, co-handling), written in the same statement as the change; see migration 0018.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    incidentId: bigint('incident_id', { mode: 'number' }).notNull(),
    recipientKind: text('recipient_kind'),
    recipientCode: text('recipient_code'),
    districtCode: text('district_code'),
    streetCode: text('street_code'),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notifications_incident_idx').on(t.incidentId), index('notifications_created_idx').on(t.createdAt)],
);

/** One delivery per notice and channel: claimed with a lease, sent once, with the record of what was sent. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    notificationId: bigint('notification_id', { mode: 'number' })
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    sent: jsonb('sent'),
  },
  (t) => [
    unique('notification_deliveries_unique').on(t.notificationId, t.channel),
    check('notification_deliveries_channel', sql`${t.channel} IN ('log','webhook')`),
    check('notification_deliveries_status', sql`${t.status} IN ('pending','sent','failed')`),
  ],
);

/** Holidays and make-up working days (调休) read by every deadline; see migration 0019. */
export const workCalendarDays = pgTable(
  'work_calendar_days',
  {
    day: date('day').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    source: text('source').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('work_calendar_days_kind', sql`${t.kind} IN ('holiday','workday')`)],
);
