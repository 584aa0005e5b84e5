import { pgTable, text, integer, serial, timestamp, jsonb, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Saved siting scenarios (规划方案): the request, the result as computed (picks with positions and
 * gains, coverage before/after) and the data versions it was computed on, so a scenario stays
 * comparable after the sites or compounds change (and the page can say it is out of date).
 */
export const sitingScenarios = pgTable(
  'siting_scenarios',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    note: text('note'),
    kinds: text('kinds').array().notNull(),
    radiusM: integer('radius_m').notNull(),
    k: integer('k').notNull(),
    /** compounds | grids */
    candidates: text('candidates').notNull(),
    /** area code (6/9/12 digits) or null for the whole city */
    areaCode: text('area_code'),
    /** the SitingResult of core/contracts/planning-siting.ts */
    result: jsonb('result').notNull(),
    /** data_versions of sites and compounds when computed */
    basis: jsonb('basis').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('siting_scenarios_created_idx').on(t.createdAt),
    check('siting_scenarios_candidates', sql`${t.candidates} IN ('compounds','grids')`),
    check('siting_scenarios_k', sql`${t.k} BETWEEN 1 AND 500 AND ${t.radiusM} > 0`),
  ],
);
