-- #20 item 4: boundary and site edits with history. The live tables stay "the current version"; these
-- tables keep every version with its validity interval and the edit that made or closed it.
CREATE TABLE IF NOT EXISTS boundary_edits (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  user_id bigint,
  username text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('split', 'merge', 'redraw', 'site_add', 'site_move', 'site_retire')),
  reason text NOT NULL,
  target text NOT NULL,
  payload jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS boundary_edits_at_idx ON boundary_edits (at DESC, id DESC);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS area_versions (
  id bigserial PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('community', 'grid')),
  code text NOT NULL,
  parent_code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL DEFAULT 'infinity',
  edit_id bigint REFERENCES boundary_edits (id),
  closed_by bigint REFERENCES boundary_edits (id),
  CHECK (valid_from < valid_to)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS area_versions_code_idx ON area_versions (level, code, valid_from);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS area_versions_parent_idx ON area_versions (level, parent_code, valid_from);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS site_versions (
  id bigserial PRIMARY KEY,
  code text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  community_code text,
  geom geometry(Point, 4326) NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL DEFAULT 'infinity',
  edit_id bigint REFERENCES boundary_edits (id),
  closed_by bigint REFERENCES boundary_edits (id),
  CHECK (valid_from < valid_to)
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS site_versions_code_idx ON site_versions (code, valid_from);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS site_versions_community_idx ON site_versions (community_code, valid_from);
--> statement-breakpoint
-- Back-fill: the rows present now are versions valid since the data began. Rows imported later get their
-- first version lazily, on their first edit (a live row without any version is valid since the beginning).
INSERT INTO area_versions (level, code, parent_code, name, kind, geom, valid_from)
  SELECT 'grid', code, parent_code, name, kind, geom, '-infinity' FROM grid_cells;
--> statement-breakpoint
INSERT INTO area_versions (level, code, parent_code, name, kind, geom, valid_from)
  SELECT 'community', code, parent_code, name, kind, geom, '-infinity' FROM communities;
--> statement-breakpoint
INSERT INTO site_versions (code, kind, name, community_code, geom, valid_from)
  SELECT code, kind, name, community_code, geom, '-infinity' FROM sites;
