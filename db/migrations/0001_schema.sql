CREATE TABLE "communities" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"code_vintage" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"parent_code" text NOT NULL,
	"kind" text NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL,
	CONSTRAINT "communities_code_format" CHECK ("communities"."code" ~ '^[0-9]{12}$' AND left("communities"."code", 9) = "communities"."parent_code"),
	CONSTRAINT "communities_kind" CHECK ("communities"."kind" IN ('community','village','other'))
);
--> statement-breakpoint
CREATE TABLE "compounds" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"community_code" text NOT NULL,
	"households" integer NOT NULL,
	"population" integer NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	CONSTRAINT "compounds_counts" CHECK ("compounds"."households" >= 0 AND "compounds"."population" >= 0)
);
--> statement-breakpoint
CREATE TABLE "districts" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"code_vintage" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"parent_code" text NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL,
	CONSTRAINT "districts_code_format" CHECK ("districts"."code" ~ '^[0-9]{6}$')
);
--> statement-breakpoint
CREATE TABLE "grid_cells" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"code_vintage" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"parent_code" text NOT NULL,
	"kind" text NOT NULL,
	"dedicated_type" text,
	"households" integer DEFAULT 0 NOT NULL,
	"population" integer DEFAULT 0 NOT NULL,
	"worker_code" text,
	"geom" geometry(MultiPolygon,4326) NOT NULL,
	CONSTRAINT "grid_cells_code_format" CHECK ("grid_cells"."code" ~ '^[0-9]{14}$' AND left("grid_cells"."code", 12) = "grid_cells"."parent_code"),
	CONSTRAINT "grid_cells_kind" CHECK ("grid_cells"."kind" IN ('general','dedicated')),
	CONSTRAINT "grid_cells_dedicated_type" CHECK (("grid_cells"."kind" = 'dedicated') = ("grid_cells"."dedicated_type" IS NOT NULL)),
	CONSTRAINT "grid_cells_counts" CHECK ("grid_cells"."households" >= 0 AND "grid_cells"."population" >= 0)
);
--> statement-breakpoint
CREATE TABLE "streets" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"code_vintage" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"parent_code" text NOT NULL,
	"kind" text NOT NULL,
	"geom" geometry(MultiPolygon,4326) NOT NULL,
	CONSTRAINT "streets_code_format" CHECK ("streets"."code" ~ '^[0-9]{9}$' AND left("streets"."code", 6) = "streets"."parent_code"),
	CONSTRAINT "streets_kind" CHECK ("streets"."kind" IN ('subdistrict','town','township','other'))
);
--> statement-breakpoint
CREATE TABLE "site_kinds" (
	"kind" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"staffed" boolean DEFAULT false NOT NULL,
	"default_radius_m" integer DEFAULT 1000 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "site_served_communities" (
	"site_code" text NOT NULL,
	"community_code" text NOT NULL,
	CONSTRAINT "site_served_communities_site_code_community_code_pk" PRIMARY KEY("site_code","community_code")
);
--> statement-breakpoint
CREATE TABLE "sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"district_code" text,
	"street_code" text,
	"community_code" text,
	"contact_name" text,
	"contact_phone" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	CONSTRAINT "sites_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "grid_workers" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"id_number" text,
	"employment" text DEFAULT 'full_time' NOT NULL,
	"community_code" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "grid_workers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "volunteer_teams" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"watch_post_code" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" serial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"team_code" text,
	"watch_post_code" text,
	"grid_code" text,
	"joined_on" date,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "volunteers_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "dispute_types" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"group" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" bigint NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"note" text,
	"detail" jsonb,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"category" text NOT NULL,
	"dispute_type" text,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"description" text,
	"reporter_name" text,
	"reporter_phone" text,
	"resolved" boolean,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"extended" boolean DEFAULT false NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone NOT NULL,
	"dispatched_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"grid_code" text,
	"community_code" text,
	"street_code" text,
	"district_code" text,
	"idempotency_key" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incidents_code_unique" UNIQUE("code"),
	CONSTRAINT "incidents_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" bigint,
	"username" text,
	"role" text,
	"action" text NOT NULL,
	"target" text,
	"reason" text,
	"success" boolean DEFAULT true NOT NULL,
	"ip" text,
	"request_id" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "data_versions" (
	"layer" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "login_attempts" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"scope_code" text,
	"worker_code" text,
	"disabled" boolean DEFAULT false NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "communities" ADD CONSTRAINT "communities_parent_code_streets_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."streets"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "compounds" ADD CONSTRAINT "compounds_community_code_communities_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."communities"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "grid_cells" ADD CONSTRAINT "grid_cells_parent_code_communities_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."communities"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "streets" ADD CONSTRAINT "streets_parent_code_districts_code_fk" FOREIGN KEY ("parent_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "site_served_communities" ADD CONSTRAINT "site_served_communities_site_code_sites_code_fk" FOREIGN KEY ("site_code") REFERENCES "public"."sites"("code") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "site_served_communities" ADD CONSTRAINT "site_served_communities_community_code_communities_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."communities"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_kind_site_kinds_kind_fk" FOREIGN KEY ("kind") REFERENCES "public"."site_kinds"("kind") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_district_code_districts_code_fk" FOREIGN KEY ("district_code") REFERENCES "public"."districts"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_street_code_streets_code_fk" FOREIGN KEY ("street_code") REFERENCES "public"."streets"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_community_code_communities_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."communities"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "grid_workers" ADD CONSTRAINT "grid_workers_community_code_communities_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."communities"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "volunteer_teams" ADD CONSTRAINT "volunteer_teams_watch_post_code_sites_code_fk" FOREIGN KEY ("watch_post_code") REFERENCES "public"."sites"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_team_code_volunteer_teams_code_fk" FOREIGN KEY ("team_code") REFERENCES "public"."volunteer_teams"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_watch_post_code_sites_code_fk" FOREIGN KEY ("watch_post_code") REFERENCES "public"."sites"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_grid_code_grid_cells_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grid_cells"("code") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_category_incident_categories_code_fk" FOREIGN KEY ("category") REFERENCES "public"."incident_categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_dispute_type_dispute_types_code_fk" FOREIGN KEY ("dispute_type") REFERENCES "public"."dispute_types"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "communities_geom_idx" ON "communities" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "communities_parent_idx" ON "communities" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "compounds_geom_idx" ON "compounds" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "compounds_community_idx" ON "compounds" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "districts_geom_idx" ON "districts" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "grid_cells_geom_idx" ON "grid_cells" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "grid_cells_parent_idx" ON "grid_cells" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "grid_cells_worker_idx" ON "grid_cells" USING btree ("worker_code");--> statement-breakpoint
CREATE INDEX "streets_geom_idx" ON "streets" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "streets_parent_idx" ON "streets" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "ssc_community_idx" ON "site_served_communities" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "sites_geom_idx" ON "sites" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "sites_kind_idx" ON "sites" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "sites_community_idx" ON "sites" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "sites_street_idx" ON "sites" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "grid_workers_community_idx" ON "grid_workers" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "volunteers_watch_post_idx" ON "volunteers" USING btree ("watch_post_code");--> statement-breakpoint
CREATE INDEX "volunteers_grid_idx" ON "volunteers" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "volunteers_team_idx" ON "volunteers" USING btree ("team_code");--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id","at");--> statement-breakpoint
CREATE INDEX "incidents_geom_idx" ON "incidents" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "incidents_grid_idx" ON "incidents" USING btree ("grid_code");--> statement-breakpoint
CREATE INDEX "incidents_district_time_idx" ON "incidents" USING btree ("district_code","reported_at");--> statement-breakpoint
CREATE INDEX "incidents_street_idx" ON "incidents" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "incidents_community_idx" ON "incidents" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "incidents_reported_idx" ON "incidents" USING btree ("reported_at");--> statement-breakpoint
CREATE INDEX "incidents_status_idx" ON "incidents" USING btree ("status");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_user_idx" ON "audit_log" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");