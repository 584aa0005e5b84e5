-- Coverage and siting measure metres on the spheroid (ST_DWithin / <-> on geography). Expression
-- indexes on the geography cast let those predicates and nearest-site searches use an index; the
-- queries spell the cast exactly as here (geom::geography) so the planner matches them.
CREATE INDEX IF NOT EXISTS "sites_geog_idx" ON "sites" USING gist ((("geom")::geography));
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "compounds_geog_idx" ON "compounds" USING gist ((("geom")::geography));
