-- #20 item 1: who holds a case. A case belongs to a center of the three levels (三级综治中心: street 9-digit,
-- district 6-digit, city 6-digit ending in 00 — identified by area code) or to a functional department's
-- queue. It moves by 上报 (hand up), 流转/转办 (transfer), 退回 (return to the sender) and 协办 (co-handling:
-- the lead department holds it, the others are listed). Every move is one incident_events row with
-- {from, to, reason} in its detail: that is the chain; these columns are only its head, for the queues.
ALTER TABLE "incidents" ADD COLUMN "owner_kind" text;
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "owner_code" text;
--> statement-breakpoint
-- who handed the case to its owner (退回 goes back there); null for a case still where it was reported or one returned
ALTER TABLE "incidents" ADD COLUMN "sender_kind" text;
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "sender_code" text;
--> statement-breakpoint
-- 协办: departments co-handling with the lead (the owner); the lead is not repeated here
ALTER TABLE "incidents" ADD COLUMN "assist_departments" text[] DEFAULT '{}' NOT NULL;
--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_owner_kind" CHECK ("owner_kind" IN ('center','department'));
--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_sender_kind" CHECK ("sender_kind" IN ('center','department'));
--> statement-breakpoint
-- Every insert path (API, Open311, imports, generators) gets the street center of its location as first owner
-- without knowing about ownership: a trigger, not application code in five places.
CREATE OR REPLACE FUNCTION incidents_default_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.owner_code IS NULL AND coalesce(NEW.street_code, NEW.district_code) IS NOT NULL THEN
    NEW.owner_kind := 'center';
    NEW.owner_code := coalesce(NEW.street_code, NEW.district_code);
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER incidents_default_owner BEFORE INSERT ON "incidents" FOR EACH ROW EXECUTE FUNCTION incidents_default_owner();
--> statement-breakpoint
UPDATE "incidents" SET "owner_kind" = 'center', "owner_code" = coalesce("street_code", "district_code")
WHERE "owner_code" IS NULL AND coalesce("street_code", "district_code") IS NOT NULL;
--> statement-breakpoint
-- a center's queue: its open cases
CREATE INDEX "incidents_owner_open_idx" ON "incidents" USING btree ("owner_code") WHERE "status" IN ('reported','registered','dispatched','handling','feedback','verifying');
--> statement-breakpoint
-- a center's KPIs: the cases it held when they closed (ownership no longer moves once closed)
CREATE INDEX "incidents_owner_closed_idx" ON "incidents" USING btree ("owner_code", "closed_at") WHERE "closed_at" IS NOT NULL;
--> statement-breakpoint
-- Overdue escalation may move the case, not only flag it: when the level-2 time (escalate_after past the
-- stage deadline) comes, a case still held by its street center goes to the district center. Per category
-- and stage, like the deadlines themselves; on by default.
ALTER TABLE "deadline_rules" ADD COLUMN "escalate_moves" boolean DEFAULT true NOT NULL;
--> statement-breakpoint
-- the moves of a period (a center's received / handed-up / returned counts) without scanning all history
CREATE INDEX "incident_events_routing_idx" ON "incident_events" USING btree ("at") WHERE "action" IN ('hand_up','transfer','return','co_handle','escalate');
