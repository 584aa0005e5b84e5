-- #20 item 2: notifications outbox. A row is written in the same statement as the change it announces
-- (dispatched, returned, overdue, escalated, handed up, transferred, co-handling), with one delivery row
-- per channel configured at that moment; the deliverer (server/jobs/notify-job.ts) claims due deliveries
-- with FOR UPDATE SKIP LOCKED and a lease, so several processes share the work and each delivery is sent
-- once (the webhook also gets the delivery id as Idempotency-Key, for a crash between send and record).
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"incident_id" bigint NOT NULL,
	-- the center or department the notice is for (the new owner, the assignee's center, …)
	"recipient_kind" text,
	"recipient_code" text,
	"district_code" text,
	"street_code" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_kind" CHECK ("kind" IN ('dispatched','returned','overdue','escalated','handed_up','transferred','co_handling'))
);
--> statement-breakpoint
CREATE INDEX "notifications_incident_idx" ON "notifications" USING btree ("incident_id");
--> statement-breakpoint
CREATE INDEX "notifications_created_idx" ON "notifications" USING btree ("created_at");
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notification_id" bigint NOT NULL,
	"channel" text NOT NULL,
	-- pending → sent | failed (gave up after the last attempt)
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	-- a claimed delivery is someone's until then; a process that died mid-send frees it by expiry
	"lease_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	-- what was sent: the channel's request summary and the answer (status code), for the record
	"sent" jsonb,
	CONSTRAINT "notification_deliveries_notification_fk" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE cascade,
	CONSTRAINT "notification_deliveries_unique" UNIQUE ("notification_id", "channel"),
	CONSTRAINT "notification_deliveries_channel" CHECK ("channel" IN ('log','webhook')),
	CONSTRAINT "notification_deliveries_status" CHECK ("status" IN ('pending','sent','failed'))
);
--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("next_attempt_at") WHERE "status" = 'pending';
