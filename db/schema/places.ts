import { pgTable, text, boolean, serial, index, customType } from 'drizzle-orm/pg-core';

/** Any of Point, LineString, MultiLineString (a CHECK in the migration); written by db/queries/places.ts. */
const anyGeometry = customType<{ data: string; driverData: string }>({ dataType: () => 'geometry(Geometry,4326)' });

/**
 * Gazetteer of named places people search for on the map: streets and roads (lines), landmarks and
 * compounds (points). Imported with `npm run geodata -- import places <file>` (geodata/places/);
 * indexed by the place search (`search_index`, kind `place`). `district_code` is derived from the
 * geometry on import (no foreign key: reloading the districts keeps the gazetteer).
 */
export const places = pgTable(
  'places',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** street | road | landmark | compound | other */
    kind: text('kind').notNull(),
    /** the district the place lies in (its point on surface), filled on import */
    districtCode: text('district_code'),
    /** true for the demo generator's invented streets; a real gazetteer row is false */
    synthetic: boolean('synthetic').notNull().default(false),
    source: text('source').notNull(),
    geom: anyGeometry('geom').notNull(),
  },
  (t) => [index('places_geom_idx').using('gist', t.geom)],
);
