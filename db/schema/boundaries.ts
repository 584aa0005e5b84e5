import { pgTable, text, bigint, bigserial, timestamp, jsonb, index } from 'drizzle-orm/pg-core';
import { geometry } from './geometry.ts';

/**
 * The log of map edits (migration 0020): who changed which boundary or site, when and why. `payload`
 * holds what was asked (geometry as GeoJSON) and what came of it (codes made and retired).
 * kind: split | merge | redraw | site_add | site_move | site_retire.
 */
export const boundaryEdits = pgTable(
  'boundary_edits',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: bigint('user_id', { mode: 'number' }),
    username: text('username').notNull(),
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    /** the code the edit was about (the split grid, the surviving grid of a merge, the site) */
    target: text('target').notNull(),
    payload: jsonb('payload').notNull(),
  },
  (t) => [index('boundary_edits_at_idx').on(t.at, t.id)],
);

/**
 * Every version of a community or grid boundary, valid in [valid_from, valid_to). The live tables hold
 * the current version; a live row without any row here has been valid since the data began (rows are
 * versioned on their first edit). Incidents keep the grid code they were filed under, so their history
 * reads against the versions of their time.
 */
export const areaVersions = pgTable(
  'area_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** community | grid */
    level: text('level').notNull(),
    code: text('code').notNull(),
    parentCode: text('parent_code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    geom: geometry('geom', 'MultiPolygon').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
    editId: bigint('edit_id', { mode: 'number' }).references(() => boundaryEdits.id),
    closedBy: bigint('closed_by', { mode: 'number' }).references(() => boundaryEdits.id),
  },
  (t) => [index('area_versions_code_idx').on(t.level, t.code, t.validFrom), index('area_versions_parent_idx').on(t.level, t.parentCode, t.validFrom)],
);

/** Every version of a site; a retired site's last version is closed and its live row removed. */
export const siteVersions = pgTable(
  'site_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    code: text('code').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    communityCode: text('community_code'),
    geom: geometry('geom', 'Point').notNull(),
    validFrom: timestamp('valid_from', { withTimezone: true }).notNull(),
    validTo: timestamp('valid_to', { withTimezone: true }).notNull(),
    editId: bigint('edit_id', { mode: 'number' }).references(() => boundaryEdits.id),
    closedBy: bigint('closed_by', { mode: 'number' }).references(() => boundaryEdits.id),
  },
  (t) => [index('site_versions_code_idx').on(t.code, t.validFrom), index('site_versions_community_idx').on(t.communityCode, t.validFrom)],
);
