// One drizzle schema for both drivers (PGlite and postgres.js). Row types come from
// `$inferSelect`; API shapes live in each module's *.schemas.ts.
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow()

export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    districtCode: text('district_code').notNull(),
    address: text('address').notNull(),
    industry: text('industry').notNull(),
    size: text('size').notNull(),
    specialized: boolean('specialized').notNull().default(false),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('enterprises_credit_code_uq').on(t.creditCode), index('enterprises_updated_at_idx').on(t.updatedAt)],
)

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    districtCode: text('district_code').notNull(),
    leaderName: text('leader_name').notNull(),
    leaderHonors: text('leader_honors').array().notNull().default(sql`'{}'::text[]`),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    memberCount: integer('member_count').notNull(),
    capacity: integer('capacity').notNull(),
    industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
    active: boolean('active').notNull().default(true),
    // Kept for the metrics' `teams` rule: not deactivated before `from`.
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true, mode: 'date' }),
    // Load and track record, maintained by triggers on assignments and feedback (migration
    // 0003) in the same transaction as every change, so the matcher reads them without
    // aggregating the whole history on each request.
    activeLoad: integer('active_load').notNull().default(0),
    completedCount: integer('completed_count').notNull().default(0),
    solvedCount: integer('solved_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('teams_capacity_ck', sql`${t.capacity} >= 0`),
    check('teams_member_count_ck', sql`${t.memberCount} >= 0`),
    index('teams_updated_at_idx').on(t.updatedAt),
  ],
)

export const menuItems = pgTable(
  'menu_items',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    serviceKinds: text('service_kinds').array().notNull(),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('menu_items_team_idx').on(t.teamId)],
)

export const demands = pgTable(
  'demands',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    title: text('title').notNull(),
    description: text('description').notNull(),
    serviceKinds: text('service_kinds').array().notNull(),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    industry: text('industry').notNull(),
    districtCode: text('district_code').notNull(),
    urgency: text('urgency').notNull(),
    traineesWanted: integer('trainees_wanted'),
    // The enterprise's hope; never counted in the impact metrics.
    estimatedBenefitYuan: bigint('estimated_benefit_yuan', { mode: 'number' }),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status').notNull().default('open'),
    cancelReason: text('cancel_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('demands_enterprise_idx').on(t.enterpriseId),
    index('demands_status_idx').on(t.status),
    index('demands_updated_at_idx').on(t.updatedAt),
  ],
)

export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey(),
    demandId: uuid('demand_id')
      .notNull()
      .references(() => demands.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    status: text('status').notNull().default('assigned'),
    score: integer('score_micros'),
    note: text('note'),
    override: boolean('override').notNull().default(false),
    declineReasonCode: text('decline_reason_code'),
    declineNote: text('decline_note'),
    cancelReason: text('cancel_reason'),
    assignedAt: timestamp('assigned_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    endedAt: timestamp('ended_at', { withTimezone: true, mode: 'date' }),
    // Outcome, set on completion.
    solved: boolean('solved'),
    deliveredServiceKind: text('delivered_service_kind'),
    traineeCount: integer('trainee_count'),
    benefitYuan: bigint('benefit_yuan', { mode: 'number' }),
    benefitKind: text('benefit_kind'),
    completedOn: date('completed_on', { mode: 'string' }),
    summary: text('summary'),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('assignments_demand_idx').on(t.demandId),
    index('assignments_team_status_idx').on(t.teamId, t.status),
    // The database itself refuses a second active or a second completed assignment of one demand.
    uniqueIndex('assignments_one_active_per_demand_uq')
      .on(t.demandId)
      .where(sql`status in ('assigned', 'accepted', 'in_progress')`),
    uniqueIndex('assignments_one_completed_per_demand_uq').on(t.demandId).where(sql`status = 'completed'`),
    // The impact metrics' period on completions (metrics.sql.ts): a range of completed days.
    index('assignments_completed_on_idx').on(t.completedOn).where(sql`status = 'completed'`),
  ],
)

export const feedback = pgTable('feedback', {
  assignmentId: uuid('assignment_id')
    .primaryKey()
    .references(() => assignments.id),
  demandId: uuid('demand_id')
    .notNull()
    .references(() => demands.id),
  rating: smallint('rating').notNull(),
  outcomeConfirmed: boolean('outcome_confirmed').notNull(),
  comment: text('comment'),
  createdAt: createdAt(),
})

export const tokens = pgTable(
  'tokens',
  {
    id: uuid('id').primaryKey(),
    // sha256 of the secret; the secret itself is never stored.
    hash: text('hash').notNull(),
    role: text('role').notNull(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    teamId: uuid('team_id').references(() => teams.id),
    label: text('label'),
    bootstrap: boolean('bootstrap').notNull().default(false),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('tokens_hash_uq').on(t.hash),
    check(
      'tokens_owner_ck',
      sql`(${t.role} = 'admin' and ${t.enterpriseId} is null and ${t.teamId} is null)
        or (${t.role} = 'enterprise' and ${t.enterpriseId} is not null and ${t.teamId} is null)
        or (${t.role} = 'team' and ${t.teamId} is not null and ${t.enterpriseId} is null)`,
    ),
  ],
)

export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    tokenId: uuid('token_id'),
    actorRole: text('actor_role'),
    objectType: text('object_type').notNull(),
    objectId: uuid('object_id').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    data: jsonb('data'),
  },
  (t) => [index('audit_log_object_idx').on(t.objectType, t.objectId)],
)

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tokenId: uuid('token_id').notNull(),
    route: text('route').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    responseBody: jsonb('response_body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tokenId, t.route, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
)

// 活动: a service visit, training session or exchange meeting run by a team, tied to one
// order or to none. Its enterprises and linked demands live in the two tables below.
export const activities = pgTable(
  'activities',
  {
    id: uuid('id').primaryKey(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    date: date('date', { mode: 'string' }).notNull(),
    serviceKind: text('service_kind').notNull(),
    title: text('title').notNull(),
    districtCode: text('district_code').notNull(),
    // Resolved and stored at write time: as given, or the first enterprise's industry.
    industry: text('industry').notNull(),
    // True when `industry` was not given but taken from the first enterprise; a later
    // change of the enterprises then resolves it again.
    industryDefaulted: boolean('industry_defaulted').notNull().default(false),
    // 人次: worker-times, not distinct workers.
    traineeCount: integer('trainee_count').notNull().default(0),
    // One entry per technical problem solved on site; each counts as one problem.
    onSiteProblemsSolved: text('on_site_problems_solved').array().notNull().default(sql`'{}'::text[]`),
    benefitYuan: bigint('benefit_yuan', { mode: 'number' }),
    benefitKind: text('benefit_kind'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('activities_trainee_count_ck', sql`${t.traineeCount} >= 0`),
    // Benefit comes as amount and kind together, or not at all (the metrics rely on it).
    check(
      'activities_benefit_ck',
      sql`(${t.benefitYuan} is null and ${t.benefitKind} is null) or (${t.benefitYuan} >= 0 and ${t.benefitKind} in ('actual', 'expected'))`,
    ),
    index('activities_team_idx').on(t.teamId),
    index('activities_date_idx').on(t.date),
    index('activities_updated_at_idx').on(t.updatedAt),
  ],
)

/**
 * The enterprises an activity served: those the team listed (`via = 'listed'`, in the
 * order given — the first sets the default industry) and the owners of its linked
 * demands, added automatically (`via = 'linkedDemand'`). One enterprise may appear both ways.
 */
export const activityEnterprises = pgTable(
  'activity_enterprises',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    via: text('via').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.via, t.enterpriseId] }),
    check('activity_enterprises_via_ck', sql`${t.via} in ('listed', 'linkedDemand')`),
    index('activity_enterprises_enterprise_idx').on(t.enterpriseId),
  ],
)

/** Demands an activity was part of (the outcome-once rule looks them up by demand). */
export const activityDemands = pgTable(
  'activity_demands',
  {
    activityId: uuid('activity_id')
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    demandId: uuid('demand_id')
      .notNull()
      .references(() => demands.id),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.activityId, t.demandId] }), index('activity_demands_demand_idx').on(t.demandId)],
)

/**
 * One row whose version a trigger bumps on any change to the teams' matching data or
 * the menus (migration 0003): every process re-reads it per request and rebuilds its
 * cached menu index when it moved.
 */
export const catalogVersion = pgTable('catalog_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
})

/**
 * One row whose version triggers bump (migrations 0006, 0009, 0010) in the transaction of any
 * write that can change an impact figure: completions, activities and their enterprises,
 * teams' counted fields, and the district of an enterprise or the industry, service kinds
 * or owner of a demand that has a completion. The metrics cache results
 * under it, so a repeated query costs one indexed read until the figures can have moved.
 */
export const metricsVersion = pgTable('metrics_version', {
  id: integer('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
})

/**
 * What moved each metrics version (migrations 0009, 0010), one row per version:
 * - `activity`: a new activity (ref = its id);
 * - `activity-edit`: an activity, or its list of enterprises, is about to change or go
 *   (ref = the activity; `image` = the activity as it was just before: `{row, links}`);
 * - `completion`: an assignment became completed (ref = its id);
 * - `team`: a team was registered, or its counted fields changed, without moving any
 *   record to another group (ref = the team);
 * - `reset`: anything else (a completed assignment changed, a counted enterprise or demand
 *   moved, a team with records changed level).
 * A cached impact report is brought forward from these, not recomputed, unless a `reset`
 * is among them (metrics.sql.ts). Kept for the last 8,192 versions or more.
 */
export const metricsChanges = pgTable('metrics_changes', {
  version: bigint('version', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  ref: uuid('ref'),
  image: jsonb('image'),
})
