import { pgTable, text, bigint, timestamp, integer, boolean, bigserial, jsonb, index, primaryKey } from 'drizzle-orm/pg-core';

/**
 * One row per map layer; `version` is bumped by triggers on every write to the layer's table
 * (see the data_versions migration). Tile URLs and caches are keyed by it, so they are never stale
 * and every server process sees the same value.
 */
export const dataVersions = pgTable('data_versions', {
  layer: text('layer').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Accounts. role: admin | commander | grid_worker | planner. scope_code: area code the role is limited to. */
export const users = pgTable('users', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  scopeCode: text('scope_code'),
  workerCode: text('worker_code'),
  disabled: boolean('disabled').notNull().default(false),
  demo: boolean('demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Server-side sessions, shared by every server process. `id` is a hash of the cookie value. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** API tokens for machine clients; only a hash is stored. */
export const apiTokens = pgTable('api_tokens', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  userId: bigint('user_id', { mode: 'number' })
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Append-only audit trail (a trigger refuses UPDATE and DELETE). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: bigint('user_id', { mode: 'number' }),
    username: text('username'),
    role: text('role'),
    action: text('action').notNull(),
    target: text('target'),
    reason: text('reason'),
    success: boolean('success').notNull().default(true),
    ip: text('ip'),
    requestId: text('request_id'),
    detail: jsonb('detail'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_user_idx').on(t.userId, t.at), index('audit_log_action_idx').on(t.action, t.id)],
);

/**
 * Login attempt counters, shared by all processes for rate limiting. key: `user:<name>|<ip>`,
 * `account:<name>` or `ip:<ip>`; failures: attempts in the window (reserved before the password check,
 * given back by a successful login); window_start: the window's first attempt.
 */
export const loginAttempts = pgTable('login_attempts', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Refused anonymous requests, counted instead of logged one by one (bounded growth): one row per
 * minute, client address, method (a known one or OTHER), matched route pattern ('(no route)' when none)
 * and status; sample_path is the latest raw path (capped), last_request_id its request id.
 */
export const auditRefused = pgTable(
  'audit_refused',
  {
    minute: timestamp('minute', { withTimezone: true }).notNull(),
    ip: text('ip').notNull(),
    method: text('method').notNull(),
    route: text('route').notNull(),
    status: integer('status').notNull(),
    count: integer('count').notNull().default(1),
    samplePath: text('sample_path'),
    lastRequestId: text('last_request_id'),
  },
  (t) => [primaryKey({ name: 'audit_refused_pkey', columns: [t.minute, t.ip, t.method, t.route, t.status] })],
);
