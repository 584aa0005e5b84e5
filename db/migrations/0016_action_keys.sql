-- Idempotency keys of workflow actions (POST /api/incidents/:id/actions with Idempotency-Key): a phone that
-- queued an action offline may send it again after a lost reply; the key makes the repeat a replay.
CREATE TABLE "incident_action_keys" (
	"owner" text NOT NULL,
	"key" text NOT NULL,
	"incident_id" bigint NOT NULL,
	"action" text NOT NULL,
	"request_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_action_keys_pk" PRIMARY KEY ("owner", "key"),
	CONSTRAINT "incident_action_keys_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action
);
--> statement-breakpoint
CREATE INDEX "incident_action_keys_incident_idx" ON "incident_action_keys" USING btree ("incident_id");
