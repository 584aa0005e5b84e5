import { pgTable, text, boolean, index, bigserial, bigint, timestamp, integer, jsonb, unique, primaryKey } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { geometry } from './geometry.ts';

/** Incident categories (registry). `group` is dispute | preventable | safety | service. */
export const incidentCategories = pgTable('incident_categories', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  group: text('group').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** Justice-bureau dispute types (婚姻家庭, 邻里, …), used when the category is a dispute. */
export const disputeTypes = pgTable('dispute_types', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
});

/**
 * Incidents (事件/案件). Area codes are denormalized from the grid at write time so that scope filters
 * and KPIs are plain indexed comparisons.
 */
export const incidents = pgTable(
  'incidents',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    code: text('code').notNull().unique(),
    category: text('category')
      .notNull()
      .references(() => incidentCategories.code),
    disputeType: text('dispute_type').references(() => disputeTypes.code),
    /** reported | registered | rejected | dispatched | handling | feedback | verifying | closed | evaluated */
    status: text('status').notNull(),
    /** grid_worker | video | public | hotline | higher_level */
    source: text('source').notNull(),
    description: text('description'),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    /** for disputes: mediated successfully (化解) */
    resolved: boolean('resolved'),
    reworkCount: integer('rework_count').notNull().default(0),
    extended: boolean('extended').notNull().default(false),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    gridCode: text('grid_code'),
    communityCode: text('community_code'),
    streetCode: text('street_code'),
    districtCode: text('district_code'),
    /** the reporter's Idempotency-Key; unique per idempotency_owner (a retry with it returns this case) */
    idempotencyKey: text('idempotency_key'),
    /** whose key it is: "u<account id>" for API callers, '' for server-side reporters (the demo stream) */
    idempotencyOwner: text('idempotency_owner').notNull().default(''),
    /** SHA-256 of the first report's body under that key; the same key with another body is a 409 */
    idempotencyHash: text('idempotency_hash'),
    synthetic: boolean('synthetic').notNull().default(false),
    /** who the case is dispatched to: grid_worker | mediation_site | department, and their code */
    assigneeKind: text('assignee_kind'),
    assigneeCode: text('assignee_code'),
    /** deadline of the current workflow stage (deadline_rules); null once finished */
    stageDueAt: timestamp('stage_due_at', { withTimezone: true }),
    /** when an overdue open case goes up to the district center */
    escalateAt: timestamp('escalate_at', { withTimezone: true }),
    /** 0 none · 1 street center (stage overdue) · 2 district center; reset when the stage changes */
    escalationLevel: integer('escalation_level').notNull().default(0),
    /** a pending extension request (延期申请), in working days */
    extensionRequestedDays: integer('extension_requested_days'),
    /** 评价: satisfaction 1–5 */
    satisfaction: integer('satisfaction'),
    geom: geometry('geom', 'Point').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('incidents_idempotency_unique').on(t.idempotencyOwner, t.idempotencyKey),
    index('incidents_geom_idx').using('gist', t.geom),
    index('incidents_grid_idx').on(t.gridCode),
    index('incidents_district_time_idx').on(t.districtCode, t.reportedAt),
    index('incidents_street_time_idx').on(t.streetCode, t.reportedAt),
    index('incidents_community_time_idx').on(t.communityCode, t.reportedAt),
    index('incidents_reported_idx').on(t.reportedAt),
    index('incidents_status_idx').on(t.status),
    // number cards: cases closed today
    index('incidents_closed_idx').on(t.closedAt),
    // the escalation job scans only open cases with a running stage clock
    index('incidents_stage_due_idx')
      .on(t.stageDueAt)
      .where(sql`${t.status} IN ('reported','registered','dispatched','handling','feedback','verifying')`),
  ],
);

/** Every workflow transition, append-only. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
    detail: jsonb('detail'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at)],
);

/**
 * Idempotency keys of workflow actions (`Idempotency-Key` on POST /api/incidents/:id/actions), written in
 * the same transaction as the transition: a repeat by the same owner replays, another body is a 409.
 */
export const incidentActionKeys = pgTable(
  'incident_action_keys',
  {
    /** whose key it is: "u<account id>" (server/access/idempotency.ts) */
    owner: text('owner').notNull(),
    key: text('key').notNull(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** the workflow action applied under this key */
    action: text('action').notNull(),
    /** SHA-256 of the canonical request (incident id + body) */
    requestHash: text('request_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'incident_action_keys_pk', columns: [t.owner, t.key] }), index('incident_action_keys_incident_idx').on(t.incidentId)],
);
