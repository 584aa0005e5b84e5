CREATE TABLE "incident_attachments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" bigint NOT NULL,
	"stage" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"data" bytea NOT NULL,
	"thumbnail" bytea NOT NULL,
	"sha256" text NOT NULL,
	"created_by" text NOT NULL,
	"upload_key" text,
	"upload_index" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_attachments_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action,
	CONSTRAINT "incident_attachments_stage" CHECK ("incident_attachments"."stage" IN ('report','feedback')),
	CONSTRAINT "incident_attachments_content_type" CHECK ("incident_attachments"."content_type" IN ('image/jpeg','image/png','image/webp'))
);
--> statement-breakpoint
-- JPEG/PNG/WebP are already compressed: keep TOAST from trying again on every write.
ALTER TABLE "incident_attachments" ALTER COLUMN "data" SET STORAGE EXTERNAL;
--> statement-breakpoint
ALTER TABLE "incident_attachments" ALTER COLUMN "thumbnail" SET STORAGE EXTERNAL;
--> statement-breakpoint
CREATE INDEX "incident_attachments_incident_idx" ON "incident_attachments" USING btree ("incident_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "incident_attachments_upload_key_idx" ON "incident_attachments" USING btree ("created_by","upload_key","upload_index") WHERE "incident_attachments"."upload_key" IS NOT NULL;
