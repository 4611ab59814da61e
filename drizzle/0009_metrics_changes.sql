CREATE TABLE "metrics_changes" (
	"version" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref" uuid
);
--> statement-breakpoint
-- Every metrics version now records what moved it (written by hand: drizzle-kit does not
-- model triggers). The version is still bumped in the transaction of the write, under the
-- lock of the one metrics_version row, so versions and their changes commit together.
CREATE OR REPLACE FUNCTION zqx_metrics_change(change_kind text, change_ref uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
  UPDATE metrics_version SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
  INSERT INTO metrics_changes (version, kind, ref) VALUES (v, change_kind, change_ref);
  IF v % 1024 = 0 THEN
    DELETE FROM metrics_changes WHERE version <= v - 8192;
  END IF;
END $$;
--> statement-breakpoint
-- Teams, enterprises, demands, activity edits and deletions: a reset (the figures are recomputed).
CREATE OR REPLACE FUNCTION zqx_bump_metrics() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM zqx_metrics_change('reset', NULL);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- An assignment that becomes completed adds a record; any other change to a completed one is a reset.
CREATE OR REPLACE FUNCTION zqx_bump_metrics_on_completion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status = 'completed' THEN
      PERFORM zqx_metrics_change('completion', NEW.id);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF OLD.status <> 'completed' AND NEW.status = 'completed' THEN
      PERFORM zqx_metrics_change('completion', NEW.id);
    ELSIF OLD.status = 'completed' OR NEW.status = 'completed' THEN
      PERFORM zqx_metrics_change('reset', NULL);
    END IF;
  ELSIF OLD.status = 'completed' THEN
    PERFORM zqx_metrics_change('reset', NULL);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_metrics_activity_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM zqx_metrics_change('activity', NEW.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_metrics_activity_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM zqx_metrics_change('link', OLD.activity_id);
  ELSE
    PERFORM zqx_metrics_change('link', NEW.activity_id);
    IF TG_OP = 'UPDATE' AND OLD.activity_id <> NEW.activity_id THEN
      PERFORM zqx_metrics_change('link', OLD.activity_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER activities_metrics ON activities;
--> statement-breakpoint
CREATE TRIGGER activities_metrics_added AFTER INSERT ON activities
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_activity_added();
--> statement-breakpoint
CREATE TRIGGER activities_metrics AFTER UPDATE OR DELETE ON activities
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_metrics();
--> statement-breakpoint
DROP TRIGGER activity_enterprises_metrics ON activity_enterprises;
--> statement-breakpoint
CREATE TRIGGER activity_enterprises_metrics AFTER INSERT OR UPDATE OR DELETE ON activity_enterprises
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_activity_link();
--> statement-breakpoint
DROP TRIGGER activity_demands_metrics ON activity_demands;
--> statement-breakpoint
CREATE TRIGGER activity_demands_metrics AFTER INSERT OR UPDATE OR DELETE ON activity_demands
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_activity_link();
