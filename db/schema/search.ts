import { pgTable, text, integer, doublePrecision, index, primaryKey, jsonb, timestamp } from 'drizzle-orm/pg-core';

/**
 * Place search (`GET /api/search`): one row per district, street, community, grid and site, rebuilt
 * by `refreshSearchIndex` (db/queries/search-index.ts) whenever the source tables' data_versions move.
 * Pinyin is computed in JS at build time (pinyin-pro), so the database needs no pinyin extension.
 *
 * Indexes, by query shape:
 * - `name_grams` (every 1- and 2-character slice of the name) → GIN array: Chinese substrings of any
 *   length, including the 1–2 character queries pg_trgm cannot serve (a trigram needs 3 characters);
 * - `pinyin_full` → GIN trigram (pinyin substrings) and btree prefix; `pinyin_initials`, `code` → btree prefix.
 */
export const searchIndex = pgTable(
  'search_index',
  {
    /** district | street | community | grid | site */
    kind: text('kind').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** site kind (mediation_point, watch_post, …) for sites, area kind (subdistrict, village, …) otherwise */
    subkind: text('subkind'),
    /** names of the enclosing areas, "沈河区 · 大西街道" */
    context: text('context').notNull().default(''),
    /** toneless pinyin without separators, lower case: 沈河区 → shenhequ */
    pinyinFull: text('pinyin_full').notNull(),
    /** first letters: 沈河区 → shq */
    pinyinInitials: text('pinyin_initials').notNull(),
    nameGrams: text('name_grams').array().notNull(),
    /** static importance: lower first (district 1 … site 5) */
    rank: integer('rank').notNull(),
    west: doublePrecision('west').notNull(),
    south: doublePrecision('south').notNull(),
    east: doublePrecision('east').notNull(),
    north: doublePrecision('north').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.code] }),
    // fastupdate off: the table is rebuilt in bulk, and a GIN pending list would be scanned linearly by every search
    index('search_index_grams_idx').using('gin', t.nameGrams).with({ fastupdate: 'off' }),
    index('search_index_pinyin_trgm_idx').using('gin', t.pinyinFull.op('gin_trgm_ops')).with({ fastupdate: 'off' }),
    index('search_index_pinyin_prefix_idx').on(t.pinyinFull.op('text_pattern_ops')),
    index('search_index_initials_prefix_idx').on(t.pinyinInitials.op('text_pattern_ops')),
    index('search_index_code_prefix_idx').on(t.code.op('text_pattern_ops')),
  ],
);

/** One row: the data_versions the search index was built from (stale when they differ). */
export const searchIndexState = pgTable('search_index_state', {
  id: integer('id').primaryKey().default(1),
  versions: jsonb('versions').notNull(),
  rows: integer('rows').notNull(),
  builtAt: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
});
