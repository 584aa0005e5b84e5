import { pgTable, text, boolean, index, bigserial, timestamp, real } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { geometry } from './geometry.ts';
import { gridWorkers } from './people.ts';

/**
 * Functional departments (职能部门: 城管执法, 市场监管, 派出所, …) a case can be dispatched to, and the
 * incident categories (codes of incident_categories, checked by the API) each handles. Edited by admins
 * (`/api/admin/departments`); the demo's rows are synthetic. Migration 0014.
 */
export const departments = pgTable('departments', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** incident category codes this department handles; the dispatch list puts these departments first */
  categories: text('categories')
    .array()
    .notNull()
    .default(sql`'{}'`),
  synthetic: boolean('synthetic').notNull().default(false),
  source: text('source').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Every position a grid worker's phone reported while on duty (`POST /api/field/position`). Personal
 * data: shown to commanders in scope only, deleted after POSITION_RETENTION_DAYS
 * (server/jobs/position-retention.ts).
 */
export const workerPositions = pgTable(
  'worker_positions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workerCode: text('worker_code')
      .notNull()
      .references(() => gridWorkers.code, { onDelete: 'cascade', onUpdate: 'cascade' }),
    geom: geometry('geom', 'Point').notNull(),
    /** the phone's reported accuracy, metres */
    accuracyM: real('accuracy_m'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('worker_positions_worker_at_idx').on(t.workerCode, t.at), index('worker_positions_at_idx').on(t.at)],
);

/**
 * One row per worker sharing their position now: the last fix. Its conditional upsert is the per-worker
 * rate limit (one report per 25 s, atomic across processes); going off duty deletes the row. A worker
 * counts as on duty while `at` is at most 10 minutes old. (Migration 0014 also adds the partial index
 * incidents_assignee_open_idx on incidents(assignee_code) for the open-load count.)
 */
export const workerOnDuty = pgTable(
  'worker_on_duty',
  {
    workerCode: text('worker_code')
      .primaryKey()
      .references(() => gridWorkers.code, { onDelete: 'cascade', onUpdate: 'cascade' }),
    geom: geometry('geom', 'Point').notNull(),
    accuracyM: real('accuracy_m'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('worker_on_duty_at_idx').on(t.at)],
);
