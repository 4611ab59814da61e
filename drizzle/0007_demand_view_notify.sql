-- Demand views are cached in every server process; a change to what a view shows is
-- broadcast on this channel (delivered at commit, to every listening process) so each
-- process drops its copy. The payload is the demand id, or '*' for a change that touches
-- many views (an enterprise's or a team's name; an enterprise's district or industry,
-- which new demands copy). Written by hand: drizzle-kit does not
-- model triggers.
CREATE OR REPLACE FUNCTION zqx_notify_demand_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('zqx_demand_changed', OLD.id::text); END IF;
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('zqx_demand_changed', NEW.id::text); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_notify_assignment_demand_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('zqx_demand_changed', OLD.demand_id::text); END IF;
  IF TG_OP = 'UPDATE' AND NEW.demand_id = OLD.demand_id THEN RETURN NULL; END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('zqx_demand_changed', NEW.demand_id::text); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION zqx_notify_all_demands_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('zqx_demand_changed', '*');
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A new demand has no cached view yet: inserts need no notice.
CREATE TRIGGER demands_view_changed AFTER UPDATE OR DELETE ON demands
  FOR EACH ROW EXECUTE FUNCTION zqx_notify_demand_changed();
--> statement-breakpoint
CREATE TRIGGER assignments_view_changed AFTER INSERT OR UPDATE OR DELETE ON assignments
  FOR EACH ROW EXECUTE FUNCTION zqx_notify_assignment_demand_changed();
--> statement-breakpoint
CREATE TRIGGER enterprises_view_changed AFTER UPDATE OF name, district_code, industry OR DELETE ON enterprises
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_notify_all_demands_changed();
--> statement-breakpoint
CREATE TRIGGER teams_view_changed AFTER UPDATE OF name OR DELETE ON teams
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_notify_all_demands_changed();
