-- #20 item 5: site kinds are data. Everything the app shows per kind (colour, shape, locate group,
-- coverage radius, whether it is offered for coverage, retirement) lives in this registry row, so a kind
-- added by INSERT is drawn, listed in the legend, located and covered without a code change.
ALTER TABLE site_kinds ADD COLUMN IF NOT EXISTS color text NOT NULL DEFAULT '#546e7a';
--> statement-breakpoint
ALTER TABLE site_kinds ADD COLUMN IF NOT EXISTS shape text NOT NULL DEFAULT 'circle';
--> statement-breakpoint
-- 'mediation' / 'watch': the two fixed lists of /api/locate; 'other': its `otherSites` list; 'none': not located
ALTER TABLE site_kinds ADD COLUMN IF NOT EXISTS locate_group text NOT NULL DEFAULT 'other';
--> statement-breakpoint
ALTER TABLE site_kinds ADD COLUMN IF NOT EXISTS coverage boolean NOT NULL DEFAULT true;
--> statement-breakpoint
ALTER TABLE site_kinds ADD COLUMN IF NOT EXISTS retired boolean NOT NULL DEFAULT false;
--> statement-breakpoint
ALTER TABLE site_kinds ADD COLUMN IF NOT EXISTS updated_at timestamptz NOT NULL DEFAULT now();
--> statement-breakpoint
-- today's values: behaviour unchanged (locate listed mediation points/rooms and watch posts only)
UPDATE site_kinds k SET color = v.color, locate_group = v.grp FROM (VALUES
  ('mediation_point', '#ef6c00', 'mediation'),
  ('mediation_room', '#ad1457', 'mediation'),
  ('watch_post', '#1565c0', 'watch'),
  ('traffic_point', '#6a1b9a', 'none'),
  ('ferry_point', '#00897b', 'none'),
  ('governance_center', '#c62828', 'none')
) AS v(kind, color, grp) WHERE k.kind = v.kind;
--> statement-breakpoint
-- a kind whose code the old checks rejected would make these constraints fail here, not later at run time
ALTER TABLE site_kinds ADD CONSTRAINT site_kinds_kind_check CHECK (kind ~ '^[a-z][a-z0-9_]{1,39}$');
--> statement-breakpoint
ALTER TABLE site_kinds ADD CONSTRAINT site_kinds_color_check CHECK (color ~ '^#[0-9a-f]{6}$');
--> statement-breakpoint
ALTER TABLE site_kinds ADD CONSTRAINT site_kinds_shape_check CHECK (shape IN ('circle', 'ring'));
--> statement-breakpoint
ALTER TABLE site_kinds ADD CONSTRAINT site_kinds_locate_group_check CHECK (locate_group IN ('mediation', 'watch', 'other', 'none'));
--> statement-breakpoint
ALTER TABLE site_kinds ADD CONSTRAINT site_kinds_radius_check CHECK (default_radius_m BETWEEN 50 AND 5000);
--> statement-breakpoint
ALTER TABLE site_kinds ADD CONSTRAINT site_kinds_names_check CHECK (length(btrim(name_zh)) BETWEEN 1 AND 40 AND length(btrim(name_en)) BETWEEN 1 AND 60);
--> statement-breakpoint
INSERT INTO data_versions (layer) VALUES ('site_kinds') ON CONFLICT (layer) DO NOTHING;
--> statement-breakpoint
DROP TRIGGER IF EXISTS "site_kinds_data_version" ON "site_kinds";
--> statement-breakpoint
CREATE TRIGGER "site_kinds_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "site_kinds"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
