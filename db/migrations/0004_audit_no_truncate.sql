-- The audit log is append-only: row triggers (0002) refuse UPDATE and DELETE; this refuses TRUNCATE too.
-- Retention is at least 6 months (network-log rule); nothing in the application deletes audit rows.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
