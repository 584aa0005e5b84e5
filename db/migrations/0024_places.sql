-- #16: a gazetteer of named places people type into the map's search box (streets and roads as lines,
-- landmarks and compounds as points), imported with `npm run geodata -- import places <file>`.
-- district_code is filled from the geometry on import and is deliberately not a foreign key: a city
-- that reloads its districts (`--replace` truncates them) keeps its gazetteer.
CREATE TABLE IF NOT EXISTS "places" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"district_code" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"geom" geometry(Geometry,4326) NOT NULL,
	CONSTRAINT "places_code_unique" UNIQUE("code"),
	CONSTRAINT "places_kind" CHECK ("kind" IN ('street', 'road', 'landmark', 'compound', 'other')),
	CONSTRAINT "places_geom_type" CHECK (GeometryType("geom") IN ('POINT', 'LINESTRING', 'MULTILINESTRING'))
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "places_geom_idx" ON "places" USING gist ("geom");
--> statement-breakpoint
INSERT INTO data_versions (layer) VALUES ('places') ON CONFLICT (layer) DO NOTHING;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "places_data_version" ON "places";
--> statement-breakpoint
CREATE TRIGGER "places_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "places"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
