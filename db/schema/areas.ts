import { pgTable, text, integer, boolean, index, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { geometry } from './geometry.ts';

/**
 * The four area levels share one shape so that tiles, breadcrumbs and scope checks treat them alike.
 * Codes are the National Bureau of Statistics layout (6 / 9 / 12 digits, 14 for grids); `parent_code`
 * is the code of the level above and always a prefix of `code`.
 */
const areaColumns = () => ({
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  codeVintage: text('code_vintage').notNull(),
  synthetic: boolean('synthetic').notNull().default(false),
  source: text('source').notNull(),
});

export const districts = pgTable(
  'districts',
  {
    ...areaColumns(),
    parentCode: text('parent_code').notNull(),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [index('districts_geom_idx').using('gist', t.geom), check('districts_code_format', sql`${t.code} ~ '^[0-9]{6}$'`)],
);

export const streets = pgTable(
  'streets',
  {
    ...areaColumns(),
    parentCode: text('parent_code')
      .notNull()
      .references(() => districts.code, { onUpdate: 'cascade' }),
    /** subdistrict (街道, segment 001–099), town (镇, 100–199), township (乡, 200–399), other */
    kind: text('kind').notNull(),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [
    index('streets_geom_idx').using('gist', t.geom),
    index('streets_parent_idx').on(t.parentCode),
    check('streets_code_format', sql`${t.code} ~ '^[0-9]{9}$' AND left(${t.code}, 6) = ${t.parentCode}`),
    check('streets_kind', sql`${t.kind} IN ('subdistrict','town','township','other')`),
  ],
);

export const communities = pgTable(
  'communities',
  {
    ...areaColumns(),
    parentCode: text('parent_code')
      .notNull()
      .references(() => streets.code, { onUpdate: 'cascade' }),
    /** community (社区/居委会, segment 001–199), village (村委会, 200–399), other */
    kind: text('kind').notNull(),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [
    index('communities_geom_idx').using('gist', t.geom),
    index('communities_parent_idx').on(t.parentCode),
    check('communities_code_format', sql`${t.code} ~ '^[0-9]{12}$' AND left(${t.code}, 9) = ${t.parentCode}`),
    check('communities_kind', sql`${t.kind} IN ('community','village','other')`),
  ],
);

export const gridCells = pgTable(
  'grid_cells',
  {
    ...areaColumns(),
    parentCode: text('parent_code')
      .notNull()
      .references(() => communities.code, { onUpdate: 'cascade' }),
    /** general (综合网格) or dedicated (专属网格: school, hospital, park, company, government) */
    kind: text('kind').notNull(),
    dedicatedType: text('dedicated_type'),
    households: integer('households').notNull().default(0),
    population: integer('population').notNull().default(0),
    /** code of the responsible grid worker (grid_workers.code) */
    workerCode: text('worker_code'),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [
    index('grid_cells_geom_idx').using('gist', t.geom),
    index('grid_cells_parent_idx').on(t.parentCode),
    index('grid_cells_worker_idx').on(t.workerCode),
    check('grid_cells_code_format', sql`${t.code} ~ '^[0-9]{14}$' AND left(${t.code}, 12) = ${t.parentCode}`),
    check('grid_cells_kind', sql`${t.kind} IN ('general','dedicated')`),
    check('grid_cells_dedicated_type', sql`(${t.kind} = 'dedicated') = (${t.dedicatedType} IS NOT NULL)`),
    check('grid_cells_counts', sql`${t.households} >= 0 AND ${t.population} >= 0`),
  ],
);

export const compounds = pgTable(
  'compounds',
  {
    /** community code + 'C' + 3-digit sequence */
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    communityCode: text('community_code')
      .notNull()
      .references(() => communities.code, { onUpdate: 'cascade' }),
    households: integer('households').notNull(),
    population: integer('population').notNull(),
    synthetic: boolean('synthetic').notNull().default(false),
    source: text('source').notNull(),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    index('compounds_geom_idx').using('gist', t.geom),
    index('compounds_community_idx').on(t.communityCode),
    check('compounds_counts', sql`${t.households} >= 0 AND ${t.population} >= 0`),
  ],
);
