-- The metrics version moves with every write that can change an impact figure (in that
-- write's transaction). Written by hand: drizzle-kit does not model triggers.
INSERT INTO metrics_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_bump_metrics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE metrics_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Assignments count only once completed: other transitions (the busy ones) leave the version alone.
CREATE OR REPLACE FUNCTION zqx_bump_metrics_on_completion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (TG_OP <> 'INSERT' AND OLD.status = 'completed') OR (TG_OP <> 'DELETE' AND NEW.status = 'completed') THEN
    UPDATE metrics_version SET version = version + 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER assignments_metrics AFTER INSERT OR UPDATE OR DELETE ON assignments
  FOR EACH ROW EXECUTE FUNCTION zqx_bump_metrics_on_completion();
--> statement-breakpoint
CREATE TRIGGER activities_metrics AFTER INSERT OR UPDATE OR DELETE ON activities
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_metrics();
--> statement-breakpoint
CREATE TRIGGER activity_enterprises_metrics AFTER INSERT OR UPDATE OR DELETE ON activity_enterprises
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_metrics();
--> statement-breakpoint
CREATE TRIGGER activity_demands_metrics AFTER INSERT OR UPDATE OR DELETE ON activity_demands
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_metrics();
--> statement-breakpoint
CREATE TRIGGER teams_metrics AFTER INSERT OR DELETE OR UPDATE OF level, district_code, active, deactivated_at, created_at ON teams
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_metrics();
--> statement-breakpoint
CREATE TRIGGER enterprises_metrics AFTER DELETE OR UPDATE OF district_code, industry ON enterprises
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_metrics();
--> statement-breakpoint
CREATE TRIGGER demands_metrics AFTER DELETE OR UPDATE OF industry, enterprise_id, service_kinds, district_code ON demands
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_metrics();
