-- #19 walking network: the road graph (vertices, edges with length and walking time), noded on import
-- (geodata/importers/roads.ts). pgRouting where the server has it; the embedded engine has none and
-- runs the same Dijkstra in TypeScript (docs/adr/0015-walking-network-distance.md).
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') THEN
    CREATE EXTENSION IF NOT EXISTS pgrouting;
  END IF;
END $$;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS road_vertices (
  id bigint PRIMARY KEY,
  geom geometry(Point,4326) NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS road_edges (
  id bigint PRIMARY KEY,
  source bigint NOT NULL REFERENCES road_vertices (id),
  target bigint NOT NULL REFERENCES road_vertices (id),
  road_class text,
  name text,
  oneway boolean NOT NULL DEFAULT false,
  walk boolean NOT NULL DEFAULT true,
  drive boolean NOT NULL DEFAULT true,
  layer smallint NOT NULL DEFAULT 0,
  length_m double precision NOT NULL CHECK (length_m >= 0),
  walk_s double precision CHECK (walk_s >= 0),
  synthetic boolean NOT NULL DEFAULT false,
  origin text,
  feature integer,
  geom geometry(LineString,4326) NOT NULL,
  CONSTRAINT road_edges_walk_time CHECK ((walk AND walk_s IS NOT NULL) OR (NOT walk AND walk_s IS NULL))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS road_vertices_geom_idx ON road_vertices USING gist (geom);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS road_edges_geom_idx ON road_edges USING gist (geom);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS road_edges_source_idx ON road_edges (source);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS road_edges_target_idx ON road_edges (target);
--> statement-breakpoint
INSERT INTO data_versions (layer) VALUES ('road_edges') ON CONFLICT (layer) DO NOTHING;
--> statement-breakpoint
CREATE TRIGGER road_edges_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON road_edges
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
