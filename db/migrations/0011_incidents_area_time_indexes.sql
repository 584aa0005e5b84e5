DROP INDEX "incidents_street_idx";--> statement-breakpoint
DROP INDEX "incidents_community_idx";--> statement-breakpoint
CREATE INDEX "incidents_street_time_idx" ON "incidents" USING btree ("street_code","reported_at");--> statement-breakpoint
CREATE INDEX "incidents_community_time_idx" ON "incidents" USING btree ("community_code","reported_at");