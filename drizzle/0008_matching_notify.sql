-- Rankings (GET /v1/demands/{id}/matches) and the teams' loads are cached in every server
-- process; a change to anything a ranking reads besides the demand itself (assignments,
-- feedback, teams and their counters, menus) is broadcast on this channel at commit, once
-- per statement, and each process drops what it holds. Changes to a demand are announced
-- on zqx_demand_changed (0007). Written by hand: drizzle-kit does not model triggers.
CREATE OR REPLACE FUNCTION zqx_notify_matching_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('zqx_matching_changed', TG_TABLE_NAME);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER assignments_matching_changed AFTER INSERT OR UPDATE OR DELETE ON assignments
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_notify_matching_changed();
--> statement-breakpoint
CREATE TRIGGER feedback_matching_changed AFTER INSERT OR UPDATE OR DELETE ON feedback
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_notify_matching_changed();
--> statement-breakpoint
CREATE TRIGGER teams_matching_changed AFTER INSERT OR UPDATE OR DELETE ON teams
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_notify_matching_changed();
--> statement-breakpoint
CREATE TRIGGER menu_items_matching_changed AFTER INSERT OR UPDATE OR DELETE ON menu_items
  FOR EACH STATEMENT EXECUTE FUNCTION zqx_notify_matching_changed();
