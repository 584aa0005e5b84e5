import { pgTable, text, integer, boolean, bigint, doublePrecision, smallint, index, customType } from 'drizzle-orm/pg-core';
import { geometry } from './geometry.ts';

// geometry.ts knows points and polygons; a road edge is one LineString (written by SQL, never by Drizzle).
const lineString = (name: string) => customType<{ data: string; driverData: string }>({ dataType: () => 'geometry(LineString,4326)' })(name);

/**
 * Junctions and dead ends of the road network (migration 0022). Ids are assigned by the import
 * (`npm run geodata -- import roads <file>`), which replaces the whole network: pgRouting's `source`
 * and `target` of `road_edges` refer to them.
 */
export const roadVertices = pgTable('road_vertices', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  geom: geometry('geom', 'Point').notNull(),
});

/**
 * Road edges between two vertices, as pgRouting expects them (`id, source, target`, cost = `walk_s`,
 * undirected for walking). `length_m` is measured on the spheroid; `walk_s` = length ÷ 1.2 m/s for
 * edges people may walk (`walk`), NULL for the others. `oneway`/`drive` are kept for driving (unused by
 * walking coverage). `layer` separates bridges and tunnels from what they pass over. `feature` is the
 * 0-based feature (record) of the imported file the edge came from.
 */
export const roadEdges = pgTable(
  'road_edges',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    source: bigint('source', { mode: 'number' })
      .notNull()
      .references(() => roadVertices.id),
    target: bigint('target', { mode: 'number' })
      .notNull()
      .references(() => roadVertices.id),
    roadClass: text('road_class'),
    name: text('name'),
    oneway: boolean('oneway').notNull().default(false),
    walk: boolean('walk').notNull().default(true),
    drive: boolean('drive').notNull().default(true),
    layer: smallint('layer').notNull().default(0),
    lengthM: doublePrecision('length_m').notNull(),
    walkS: doublePrecision('walk_s'),
    synthetic: boolean('synthetic').notNull().default(false),
    /** provenance: the file or generator */
    origin: text('origin'),
    feature: integer('feature'),
    geom: lineString('geom').notNull(),
  },
  (t) => [index('road_edges_source_idx').on(t.source), index('road_edges_target_idx').on(t.target)],
);
