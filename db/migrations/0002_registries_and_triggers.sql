-- Reference registries: extensible by inserting rows.
INSERT INTO site_kinds (kind, name_zh, name_en, staffed, default_radius_m, sort_order) VALUES
  ('mediation_point',   '评理说事点', 'Mediation point',   false, 1000, 1),
  ('mediation_room',    '个人调解室', 'Mediation room',    false, 1000, 2),
  ('watch_post',        '平安守望岗', 'Watch post',        true,  500,  3),
  ('traffic_point',     '交通调流点', 'Traffic control point', true, 500, 4),
  ('ferry_point',       '渡口',       'Ferry point',       true,  500,  5),
  ('governance_center', '综治中心',   'Governance center', true,  1000, 6)
ON CONFLICT (kind) DO NOTHING;
--> statement-breakpoint
INSERT INTO incident_categories (code, name_zh, name_en, "group", sort_order) VALUES
  ('dispute',        '矛盾纠纷',   'Dispute',              'dispute',     1),
  ('theft',          '盗窃',       'Theft',                'preventable', 2),
  ('burglary',       '入室盗窃',   'Burglary',             'preventable', 3),
  ('fraud',          '电信诈骗',   'Telecom fraud',        'preventable', 4),
  ('vehicle_theft',  '盗窃车辆',   'Vehicle theft',        'preventable', 5),
  ('public_safety',  '治安隐患',   'Public-safety hazard', 'safety',      6),
  ('fire_hazard',    '消防隐患',   'Fire hazard',          'safety',      7),
  ('city_management','城市管理',   'City management',      'service',     8),
  ('environment',    '环境卫生',   'Environment',          'service',     9),
  ('other',          '其他',       'Other',                'service',     10)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO dispute_types (code, name_zh, name_en, sort_order) VALUES
  ('marriage_family', '婚姻家庭',   'Marriage & family',      1),
  ('neighbour',       '邻里',       'Neighbours',             2),
  ('housing_land',    '房屋宅基地', 'Housing & homestead',    3),
  ('contract',        '合同',       'Contract',               4),
  ('business',        '生产经营',   'Production & business',  5),
  ('damages',         '损害赔偿',   'Damages',                6),
  ('forest_land',     '山林土地',   'Forest & land',          7),
  ('expropriation',   '征地拆迁',   'Expropriation',          8),
  ('pollution',       '环境污染',   'Pollution',              9),
  ('labour',          '劳动争议',   'Labour',                 10),
  ('consumer',        '消费',       'Consumer',               11),
  ('medical',         '医疗',       'Medical',                12),
  ('traffic_accident','道路交通事故','Traffic accident',      13),
  ('property_mgmt',   '物业',       'Property management',    14),
  ('other',           '其它',       'Other',                  15)
ON CONFLICT (code) DO NOTHING;
--> statement-breakpoint
INSERT INTO data_versions (layer) VALUES
  ('districts'), ('streets'), ('communities'), ('grid_cells'), ('compounds'), ('sites'),
  ('grid_workers'), ('volunteers'), ('incidents')
ON CONFLICT (layer) DO NOTHING;
--> statement-breakpoint
-- Statement-level: one bump per INSERT/UPDATE/DELETE statement, however many rows it touches.
CREATE OR REPLACE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_versions SET version = version + 1, updated_at = now() WHERE layer = TG_TABLE_NAME;
  PERFORM pg_notify('data_version', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['districts','streets','communities','grid_cells','compounds','sites','grid_workers','volunteers','incidents'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()', t || '_data_version', t);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
