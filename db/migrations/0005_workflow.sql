CREATE TABLE "deadline_rules" (
	"category" text NOT NULL,
	"stage" text NOT NULL,
	"amount" numeric NOT NULL,
	"unit" text NOT NULL,
	"escalate_after" numeric NOT NULL,
	CONSTRAINT "deadline_rules_category_stage_pk" PRIMARY KEY("category","stage"),
	CONSTRAINT "deadline_rules_stage" CHECK ("deadline_rules"."stage" IN ('register','dispatch','handle','verify')),
	CONSTRAINT "deadline_rules_unit" CHECK ("deadline_rules"."unit" IN ('work_hours','work_days','hours','days')),
	CONSTRAINT "deadline_rules_amounts" CHECK ("deadline_rules"."amount" > 0 AND "deadline_rules"."escalate_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "live_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"incident_id" bigint NOT NULL,
	"grid_code" text,
	"community_code" text,
	"street_code" text,
	"district_code" text,
	"payload" jsonb NOT NULL,
	CONSTRAINT "live_events_kind" CHECK ("live_events"."kind" IN ('created','updated','overdue'))
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "assignee_kind" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "assignee_code" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "stage_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "escalate_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "escalation_level" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "extension_requested_days" integer;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "satisfaction" integer;--> statement-breakpoint
CREATE INDEX "live_events_at_idx" ON "live_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "incidents_stage_due_idx" ON "incidents" USING btree ("stage_due_at") WHERE "incidents"."status" IN ('reported','registered','dispatched','handling','feedback','verifying');