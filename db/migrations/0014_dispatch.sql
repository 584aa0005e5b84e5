-- #12 item 3: dispatch by picking a person or a department.
-- Functional departments (职能部门) and the incident categories each handles. Categories are codes of
-- incident_categories, checked by the API on every write (an array cannot carry a foreign key).
CREATE TABLE "departments" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"categories" text[] DEFAULT '{}' NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Every position a grid worker's phone reported while on duty (personal data: commanders in scope only,
-- deleted after POSITION_RETENTION_DAYS by server/jobs/position-retention.ts).
CREATE TABLE "worker_positions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"worker_code" text NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"accuracy_m" real,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "worker_positions_worker_code_fk" FOREIGN KEY ("worker_code") REFERENCES "public"."grid_workers"("code") ON DELETE cascade ON UPDATE cascade
);
--> statement-breakpoint
CREATE INDEX "worker_positions_worker_at_idx" ON "worker_positions" USING btree ("worker_code","at");
--> statement-breakpoint
-- the retention job deletes by age
CREATE INDEX "worker_positions_at_idx" ON "worker_positions" USING btree ("at");
--> statement-breakpoint
-- One row per worker who is sharing their position now: the last fix. The conditional upsert on this row
-- is the per-worker rate limit (one report per 25 s, atomic across server processes); going off duty
-- deletes the row, so the worker leaves the on-duty layer at once.
CREATE TABLE "worker_on_duty" (
	"worker_code" text PRIMARY KEY NOT NULL,
	"geom" geometry(Point,4326) NOT NULL,
	"accuracy_m" real,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "worker_on_duty_worker_code_fk" FOREIGN KEY ("worker_code") REFERENCES "public"."grid_workers"("code") ON DELETE cascade ON UPDATE cascade
);
--> statement-breakpoint
CREATE INDEX "worker_on_duty_at_idx" ON "worker_on_duty" USING btree ("at");
--> statement-breakpoint
-- a worker's open load (cases dispatched to them, not yet reported back) is counted for every candidate
CREATE INDEX "incidents_assignee_open_idx" ON "incidents" USING btree ("assignee_code") WHERE "incidents"."assignee_kind" = 'grid_worker' AND "incidents"."status" IN ('dispatched','handling');
