CREATE TABLE "siting_scenarios" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"note" text,
	"kinds" text[] NOT NULL,
	"radius_m" integer NOT NULL,
	"k" integer NOT NULL,
	"candidates" text NOT NULL,
	"area_code" text,
	"result" jsonb NOT NULL,
	"basis" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "siting_scenarios_candidates" CHECK ("siting_scenarios"."candidates" IN ('compounds','grids')),
	CONSTRAINT "siting_scenarios_k" CHECK ("siting_scenarios"."k" BETWEEN 1 AND 500 AND "siting_scenarios"."radius_m" > 0)
);
--> statement-breakpoint
CREATE INDEX "siting_scenarios_created_idx" ON "siting_scenarios" USING btree ("created_at");