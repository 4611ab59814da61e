CREATE TABLE "assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"demand_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"status" text DEFAULT 'assigned' NOT NULL,
	"score_micros" integer,
	"note" text,
	"override" boolean DEFAULT false NOT NULL,
	"decline_reason_code" text,
	"decline_note" text,
	"cancel_reason" text,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	"accepted_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"solved" boolean,
	"delivered_service_kind" text,
	"trainee_count" integer,
	"benefit_yuan" bigint,
	"benefit_kind" text,
	"completed_on" date,
	"summary" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"token_id" uuid,
	"actor_role" text,
	"object_type" text NOT NULL,
	"object_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "demands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enterprise_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"service_kinds" text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"industry" text NOT NULL,
	"district_code" text NOT NULL,
	"urgency" text NOT NULL,
	"trainees_wanted" integer,
	"estimated_benefit_yuan" bigint,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enterprises" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"credit_code" text NOT NULL,
	"district_code" text NOT NULL,
	"address" text NOT NULL,
	"industry" text NOT NULL,
	"size" text NOT NULL,
	"specialized" boolean DEFAULT false NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"assignment_id" uuid PRIMARY KEY NOT NULL,
	"demand_id" uuid NOT NULL,
	"rating" smallint NOT NULL,
	"outcome_confirmed" boolean NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"token_id" uuid NOT NULL,
	"route" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_token_id_route_key_pk" PRIMARY KEY("token_id","route","key")
);
--> statement-breakpoint
CREATE TABLE "menu_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"team_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"service_kinds" text[] NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"district_code" text NOT NULL,
	"leader_name" text NOT NULL,
	"leader_honors" text[] DEFAULT '{}'::text[] NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"member_count" integer NOT NULL,
	"capacity" integer NOT NULL,
	"industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"deactivated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_capacity_ck" CHECK ("teams"."capacity" >= 0),
	CONSTRAINT "teams_member_count_ck" CHECK ("teams"."member_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"role" text NOT NULL,
	"enterprise_id" uuid,
	"team_id" uuid,
	"label" text,
	"bootstrap" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "tokens_owner_ck" CHECK (("tokens"."role" = 'admin' and "tokens"."enterprise_id" is null and "tokens"."team_id" is null)
        or ("tokens"."role" = 'enterprise' and "tokens"."enterprise_id" is not null and "tokens"."team_id" is null)
        or ("tokens"."role" = 'team' and "tokens"."team_id" is not null and "tokens"."enterprise_id" is null))
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demands" ADD CONSTRAINT "demands_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_demand_id_demands_id_fk" FOREIGN KEY ("demand_id") REFERENCES "public"."demands"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "menu_items" ADD CONSTRAINT "menu_items_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_demand_idx" ON "assignments" USING btree ("demand_id");--> statement-breakpoint
CREATE INDEX "assignments_team_status_idx" ON "assignments" USING btree ("team_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_one_active_per_demand_uq" ON "assignments" USING btree ("demand_id") WHERE status in ('assigned', 'accepted', 'in_progress');--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_one_completed_per_demand_uq" ON "assignments" USING btree ("demand_id") WHERE status = 'completed';--> statement-breakpoint
CREATE INDEX "audit_log_object_idx" ON "audit_log" USING btree ("object_type","object_id");--> statement-breakpoint
CREATE INDEX "demands_enterprise_idx" ON "demands" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "demands_status_idx" ON "demands" USING btree ("status");--> statement-breakpoint
CREATE INDEX "demands_updated_at_idx" ON "demands" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_credit_code_uq" ON "enterprises" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "enterprises_updated_at_idx" ON "enterprises" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "menu_items_team_idx" ON "menu_items" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "teams_updated_at_idx" ON "teams" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "tokens_hash_uq" ON "tokens" USING btree ("hash");