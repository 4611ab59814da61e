-- Team load and track record kept by triggers, in the transaction of each change.
-- Written by hand (drizzle-kit does not model triggers); SQL accepted by PostgreSQL 15 and PGlite (18).
CREATE OR REPLACE FUNCTION zqx_assignment_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND (OLD.status IN ('assigned', 'accepted', 'in_progress') OR OLD.status = 'completed') THEN
    UPDATE teams SET
      active_load = active_load - (CASE WHEN OLD.status IN ('assigned', 'accepted', 'in_progress') THEN 1 ELSE 0 END),
      completed_count = completed_count - (CASE WHEN OLD.status = 'completed' THEN 1 ELSE 0 END),
      solved_count = solved_count - (CASE WHEN OLD.status = 'completed' AND OLD.solved THEN 1 ELSE 0 END)
    WHERE id = OLD.team_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (NEW.status IN ('assigned', 'accepted', 'in_progress') OR NEW.status = 'completed') THEN
    UPDATE teams SET
      active_load = active_load + (CASE WHEN NEW.status IN ('assigned', 'accepted', 'in_progress') THEN 1 ELSE 0 END),
      completed_count = completed_count + (CASE WHEN NEW.status = 'completed' THEN 1 ELSE 0 END),
      solved_count = solved_count + (CASE WHEN NEW.status = 'completed' AND NEW.solved THEN 1 ELSE 0 END)
    WHERE id = NEW.team_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER assignments_counters AFTER INSERT OR DELETE OR UPDATE OF status, solved, team_id ON assignments
  FOR EACH ROW EXECUTE FUNCTION zqx_assignment_counters();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_feedback_counters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE teams SET rating_sum = rating_sum - OLD.rating, rating_count = rating_count - 1
    WHERE id = (SELECT team_id FROM assignments WHERE id = OLD.assignment_id);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE teams SET rating_sum = rating_sum + NEW.rating, rating_count = rating_count + 1
    WHERE id = (SELECT team_id FROM assignments WHERE id = NEW.assignment_id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER feedback_counters AFTER INSERT OR DELETE OR UPDATE OF rating, assignment_id ON feedback
  FOR EACH ROW EXECUTE FUNCTION zqx_feedback_counters();
--> statement-breakpoint
INSERT INTO catalog_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_bump_catalog() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalog_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER menu_items_catalog AFTER INSERT OR UPDATE OR DELETE ON menu_items
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_catalog();
--> statement-breakpoint
-- Only the columns the menu index reads; the counters above change without moving it.
CREATE TRIGGER teams_catalog AFTER INSERT OR DELETE OR UPDATE OF name, level, district_code, industries, active ON teams
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_bump_catalog();
--> statement-breakpoint
-- Existing data: counters from the history.
UPDATE teams t SET
  active_load = (SELECT count(*) FROM assignments a WHERE a.team_id = t.id AND a.status IN ('assigned', 'accepted', 'in_progress')),
  completed_count = (SELECT count(*) FROM assignments a WHERE a.team_id = t.id AND a.status = 'completed'),
  solved_count = (SELECT count(*) FROM assignments a WHERE a.team_id = t.id AND a.status = 'completed' AND a.solved),
  rating_sum = COALESCE((SELECT sum(f.rating) FROM feedback f JOIN assignments a ON a.id = f.assignment_id WHERE a.team_id = t.id), 0),
  rating_count = (SELECT count(*) FROM feedback f JOIN assignments a ON a.id = f.assignment_id WHERE a.team_id = t.id);
