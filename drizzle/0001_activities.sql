CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"date" date NOT NULL,
	"service_kind" text NOT NULL,
	"title" text NOT NULL,
	"district_code" text NOT NULL,
	"industry" text NOT NULL,
	"industry_defaulted" boolean DEFAULT false NOT NULL,
	"trainee_count" integer DEFAULT 0 NOT NULL,
	"on_site_problems_solved" text[] DEFAULT '{}'::text[] NOT NULL,
	"benefit_yuan" bigint,
	"benefit_kind" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_trainee_count_ck" CHECK ("activities"."trainee_count" >= 0),
	CONSTRAINT "activities_benefit_ck" CHECK (("activities"."benefit_yuan" is null and "activities"."benefit_kind" is null) or ("activities"."benefit_yuan" >= 0 and "activities"."benefit_kind" in ('actual', 'expected')))
);
--> statement-breakpoint
CREATE TABLE "activity_demands" (
	"activity_id" uuid NOT NULL,
	"demand_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "activity_demands_activity_id_demand_id_pk" PRIMARY KEY("activity_id","demand_id")
);
--> statement-breakpoint
CREATE TABLE "activity_enterprises" (
	"activity_id" uuid NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"via" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "activity_enterprises_activity_id_via_enterprise_id_pk" PRIMARY KEY("activity_id","via","enterprise_id"),
	CONSTRAINT "activity_enterprises_via_ck" CHECK ("activity_enterprises"."via" in ('listed', 'linkedDemand'))
);
--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_demands" ADD CONSTRAINT "activity_demands_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_demands" ADD CONSTRAINT "activity_demands_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_enterprises" ADD CONSTRAINT "activity_enterprises_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_enterprises" ADD CONSTRAINT "activity_enterprises_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_team_idx" ON "activities" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "activities_date_idx" ON "activities" USING btree ("date");--> statement-breakpoint
CREATE INDEX "activities_updated_at_idx" ON "activities" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "activity_demands_demand_idx" ON "activity_demands" USING btree ("demand_id");--> statement-breakpoint
CREATE INDEX "activity_enterprises_enterprise_idx" ON "activity_enterprises" USING btree ("enterprise_id");