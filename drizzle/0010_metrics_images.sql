ALTER TABLE "metrics_changes" ADD COLUMN "image" jsonb;--> statement-breakpoint
-- Edits no longer recompute the figures whole (written by hand: drizzle-kit does not model
-- triggers). An activity about to change or go leaves its image as it was, so a cached
-- report can take its old contribution off and add the new one; a team's registration or
-- counted fields are a `team` change (only the team figure is counted again); and a change
-- to an enterprise or demand moves the version only when it moves a counted record.
DROP FUNCTION zqx_metrics_change(text, uuid);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_metrics_change(change_kind text, change_ref uuid, change_image jsonb DEFAULT NULL) RETURNS void LANGUAGE plpgsql AS $$
DECLARE v bigint;
BEGIN
  UPDATE metrics_version SET version = version + 1 WHERE id = 1 RETURNING version INTO v;
  INSERT INTO metrics_changes (version, kind, ref, image) VALUES (v, change_kind, change_ref, change_image);
  IF v % 1024 = 0 THEN
    DELETE FROM metrics_changes WHERE version <= v - 8192;
  END IF;
END $$;
--> statement-breakpoint
-- An activity as the figures read it: its row, and its enterprises (listed and through linked demands).
CREATE OR REPLACE FUNCTION zqx_metrics_activity_image(activity uuid) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_build_object(
    'row', (SELECT to_jsonb(a) FROM activities a WHERE a.id = activity),
    'links', coalesce((SELECT jsonb_agg(to_jsonb(l)) FROM activity_enterprises l WHERE l.activity_id = activity), '[]'::jsonb))
$$;
--> statement-breakpoint
-- BEFORE the change, so the image is the activity as it was (the first image of an
-- activity after a report's version is the one that report counted).
CREATE OR REPLACE FUNCTION zqx_metrics_activity_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'activities' THEN
    PERFORM zqx_metrics_change('activity-edit', OLD.id, zqx_metrics_activity_image(OLD.id));
  ELSE
    -- The activity's row is locked first (as an edit of the row itself is), so a concurrent
    -- change of the same activity has committed before this image is taken.
    IF TG_OP <> 'INSERT' THEN
      PERFORM 1 FROM activities WHERE id = OLD.activity_id FOR NO KEY UPDATE;
      PERFORM zqx_metrics_change('activity-edit', OLD.activity_id, zqx_metrics_activity_image(OLD.activity_id));
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.activity_id <> OLD.activity_id) THEN
      PERFORM 1 FROM activities WHERE id = NEW.activity_id FOR NO KEY UPDATE;
      PERFORM zqx_metrics_change('activity-edit', NEW.activity_id, zqx_metrics_activity_image(NEW.activity_id));
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER activities_metrics ON activities;
--> statement-breakpoint
CREATE TRIGGER activities_metrics BEFORE UPDATE OR DELETE ON activities
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_activity_edit();
--> statement-breakpoint
DROP TRIGGER activity_enterprises_metrics ON activity_enterprises;
--> statement-breakpoint
CREATE TRIGGER activity_enterprises_metrics BEFORE INSERT OR UPDATE OR DELETE ON activity_enterprises
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_activity_edit();
--> statement-breakpoint
-- The demands an activity was part of enter no figure (their owners are in activity_enterprises).
DROP TRIGGER activity_demands_metrics ON activity_demands;
--> statement-breakpoint
DROP FUNCTION zqx_metrics_activity_link();
--> statement-breakpoint
-- A team registered, deactivated or moved: only the team figure is counted again, unless a
-- team with records changes level (its records move to another teamLevel group) or goes.
CREATE OR REPLACE FUNCTION zqx_metrics_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR OLD.level IS DISTINCT FROM NEW.level OR OLD.id <> NEW.id)
     AND (EXISTS (SELECT 1 FROM activities WHERE team_id = OLD.id)
          OR EXISTS (SELECT 1 FROM assignments WHERE team_id = OLD.id AND status = 'completed')) THEN
    PERFORM zqx_metrics_change('reset', NULL);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM zqx_metrics_change('team', OLD.id);
  ELSE
    PERFORM zqx_metrics_change('team', NEW.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER teams_metrics ON teams;
--> statement-breakpoint
CREATE TRIGGER teams_metrics_added AFTER INSERT OR DELETE ON teams
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_team();
--> statement-breakpoint
CREATE TRIGGER teams_metrics AFTER UPDATE ON teams
  FOR EACH ROW WHEN (OLD.level IS DISTINCT FROM NEW.level OR OLD.district_code IS DISTINCT FROM NEW.district_code
    OR OLD.active IS DISTINCT FROM NEW.active OR OLD.deactivated_at IS DISTINCT FROM NEW.deactivated_at
    OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION zqx_metrics_team();
--> statement-breakpoint
-- An enterprise's district is where its completions count; a demand's industry, first
-- service kind and owner are its completion's. Without a completion they move no figure.
CREATE OR REPLACE FUNCTION zqx_metrics_enterprise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM demands d JOIN assignments a ON a.demand_id = d.id WHERE d.enterprise_id = OLD.id AND a.status = 'completed')
     OR (TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM activity_enterprises WHERE enterprise_id = OLD.id)) THEN
    PERFORM zqx_metrics_change('reset', NULL);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER enterprises_metrics ON enterprises;
--> statement-breakpoint
CREATE TRIGGER enterprises_metrics AFTER UPDATE ON enterprises
  FOR EACH ROW WHEN (OLD.district_code IS DISTINCT FROM NEW.district_code OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION zqx_metrics_enterprise();
--> statement-breakpoint
CREATE TRIGGER enterprises_metrics_deleted AFTER DELETE ON enterprises
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_enterprise();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_metrics_demand() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM assignments WHERE demand_id = OLD.id AND status = 'completed') THEN
    PERFORM zqx_metrics_change('reset', NULL);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER demands_metrics ON demands;
--> statement-breakpoint
CREATE TRIGGER demands_metrics AFTER UPDATE ON demands
  FOR EACH ROW WHEN (OLD.industry IS DISTINCT FROM NEW.industry OR OLD.enterprise_id IS DISTINCT FROM NEW.enterprise_id
    OR OLD.service_kinds IS DISTINCT FROM NEW.service_kinds OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION zqx_metrics_demand();
--> statement-breakpoint
CREATE TRIGGER demands_metrics_deleted AFTER DELETE ON demands
  FOR EACH ROW EXECUTE FUNCTION zqx_metrics_demand();
--> statement-breakpoint
-- Nothing calls it any more (each trigger above says what changed).
DROP FUNCTION zqx_bump_metrics();
