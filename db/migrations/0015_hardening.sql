-- #13 HTTP hardening.
-- Idempotency keys belong to the caller: unique per (owner, key) instead of globally, so one user's key
-- neither replays nor blocks another's (owner: "u<account id>", '' for server-side reporters such as the
-- demo stream). The hash of the first request's body lets a reuse of the key with a different body be
-- refused (409 idempotency_conflict) instead of silently answered with the first case.
ALTER TABLE "incidents" ADD COLUMN "idempotency_owner" text DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "idempotency_hash" text;
--> statement-breakpoint
ALTER TABLE "incidents" DROP CONSTRAINT "incidents_idempotency_key_unique";
--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_idempotency_unique" UNIQUE("idempotency_owner", "idempotency_key");
--> statement-breakpoint
-- Refused anonymous requests (401/403/404/413/429 … without a login) are counted here per minute,
-- address, method, route pattern and status instead of one audit_log row each, so nobody can grow the
-- audit log without logging in.
CREATE TABLE "audit_refused" (
	"minute" timestamp with time zone NOT NULL,
	"ip" text NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"status" integer NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"sample_path" text,
	"last_request_id" text,
	CONSTRAINT "audit_refused_pkey" PRIMARY KEY ("minute", "ip", "method", "route", "status")
);
