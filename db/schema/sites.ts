import { pgTable, text, integer, boolean, index, serial, primaryKey, timestamp } from 'drizzle-orm/pg-core';
import { geometry } from './geometry.ts';
import { districts, streets, communities } from './areas.ts';

/**
 * Registry of site kinds. New kinds are rows, not code changes: the map colour and shape, the legend
 * names, the /api/locate group, the default coverage radius and whether planners may pick the kind all
 * come from here (migration 0021, checks in SQL; `core/contracts/site-kinds.ts`). `staffed` marks a
 * staffed post; a kind still used by sites is `retired`, never deleted.
 */
export const siteKinds = pgTable('site_kinds', {
  kind: text('kind').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  staffed: boolean('staffed').notNull().default(false),
  defaultRadiusM: integer('default_radius_m').notNull().default(1000),
  sortOrder: integer('sort_order').notNull().default(0),
  /** #rrggbb */
  color: text('color').notNull().default('#546e7a'),
  /** circle | ring */
  shape: text('shape').notNull().default('circle'),
  /** mediation | watch | other | none */
  locateGroup: text('locate_group').notNull().default('other'),
  coverage: boolean('coverage').notNull().default(true),
  retired: boolean('retired').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const sites = pgTable(
  'sites',
  {
    id: serial('id').primaryKey(),
    /** stable external code, unique across kinds */
    code: text('code').notNull().unique(),
    kind: text('kind')
      .notNull()
      .references(() => siteKinds.kind),
    name: text('name').notNull(),
    address: text('address'),
    districtCode: text('district_code').references(() => districts.code, { onUpdate: 'cascade' }),
    streetCode: text('street_code').references(() => streets.code, { onUpdate: 'cascade' }),
    communityCode: text('community_code').references(() => communities.code, { onUpdate: 'cascade' }),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    synthetic: boolean('synthetic').notNull().default(false),
    source: text('source').notNull(),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [
    index('sites_geom_idx').using('gist', t.geom),
    index('sites_kind_idx').on(t.kind),
    index('sites_community_idx').on(t.communityCode),
    index('sites_street_idx').on(t.streetCode),
  ],
);

/** Which communities/villages a site serves (a mediation point may serve neighbouring small villages). */
export const siteServedCommunities = pgTable(
  'site_served_communities',
  {
    siteCode: text('site_code')
      .notNull()
      .references(() => sites.code, { onDelete: 'cascade', onUpdate: 'cascade' }),
    communityCode: text('community_code')
      .notNull()
      .references(() => communities.code, { onUpdate: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.siteCode, t.communityCode] }), index('ssc_community_idx').on(t.communityCode)],
);
