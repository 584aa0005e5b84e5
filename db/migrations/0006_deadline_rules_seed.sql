-- Default deadlines (时限). '*' applies to every category without its own row. Emergencies (fire and
-- public-safety hazards) run on calendar hours; everything else on working time (Mon–Fri 08:30–12:00,
-- 13:30–17:30 Asia/Shanghai). Disputes: "ordinary" 7 working days (simple 1, complex 20 are set per case
-- through an extension). Edit rows to change them; no code change needed.
INSERT INTO deadline_rules (category, stage, amount, unit, escalate_after) VALUES
  ('*',               'register', 2,  'work_hours', 2),
  ('*',               'dispatch', 2,  'work_hours', 2),
  ('*',               'handle',   3,  'work_days',  2),
  ('*',               'verify',   1,  'work_days',  1),
  ('dispute',         'handle',   7,  'work_days',  3),
  ('theft',           'handle',   5,  'work_days',  2),
  ('burglary',        'handle',   5,  'work_days',  2),
  ('fraud',           'handle',   5,  'work_days',  2),
  ('vehicle_theft',   'handle',   5,  'work_days',  2),
  ('city_management', 'handle',   2,  'work_days',  1),
  ('environment',     'handle',   2,  'work_days',  1),
  ('fire_hazard',     'register', 1,  'hours',      1),
  ('fire_hazard',     'dispatch', 1,  'hours',      1),
  ('fire_hazard',     'handle',   24, 'hours',      12),
  ('fire_hazard',     'verify',   4,  'hours',      4),
  ('public_safety',   'register', 1,  'hours',      1),
  ('public_safety',   'dispatch', 1,  'hours',      1),
  ('public_safety',   'handle',   24, 'hours',      12),
  ('public_safety',   'verify',   8,  'hours',      4)
ON CONFLICT (category, stage) DO NOTHING;
