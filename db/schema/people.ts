import { pgTable, text, boolean, index, serial, date } from 'drizzle-orm/pg-core';
import { communities, gridCells } from './areas.ts';
import { sites } from './sites.ts';

/** Grid workers (网格员). Personal fields are masked by role in every API response. */
export const gridWorkers = pgTable(
  'grid_workers',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    phone: text('phone'),
    idNumber: text('id_number'),
    /** full_time (专职) or part_time (兼职) */
    employment: text('employment').notNull().default('full_time'),
    communityCode: text('community_code').references(() => communities.code, { onUpdate: 'cascade' }),
    synthetic: boolean('synthetic').notNull().default(false),
    source: text('source').notNull(),
  },
  (t) => [index('grid_workers_community_idx').on(t.communityCode)],
);

/** Volunteer teams (盛京义勇), each attached to one watch post. */
export const volunteerTeams = pgTable('volunteer_teams', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  watchPostCode: text('watch_post_code').references(() => sites.code, { onUpdate: 'cascade' }),
  synthetic: boolean('synthetic').notNull().default(false),
  source: text('source').notNull(),
});

export const volunteers = pgTable(
  'volunteers',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    phone: text('phone'),
    teamCode: text('team_code').references(() => volunteerTeams.code, { onUpdate: 'cascade' }),
    watchPostCode: text('watch_post_code').references(() => sites.code, { onUpdate: 'cascade' }),
    gridCode: text('grid_code').references(() => gridCells.code, { onUpdate: 'cascade' }),
    joinedOn: date('joined_on'),
    synthetic: boolean('synthetic').notNull().default(false),
    source: text('source').notNull(),
  },
  (t) => [index('volunteers_watch_post_idx').on(t.watchPostCode), index('volunteers_grid_idx').on(t.gridCode), index('volunteers_team_idx').on(t.teamCode)],
);
