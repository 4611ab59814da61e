// 劳模工匠技术服务队 and their 资源菜单: "劳模做菜" — the teams publish what they can cook,
// enterprises browse it, the matcher reads it. Everyone may read an active team; its
// contact, load, capacity and track record are for admins and the team itself.
import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database, Queryable } from '../../db/client.js'
import { ALL, MATCHING_CHANNEL, createNotifiedCache } from '../../db/notified-cache.js'
import { assignments, menuItems, teams } from '../../db/schema.js'
import { HONORS, labelOf, type Honor, type Industry, type ServiceKind, type TeamLevel } from '../../domain/codes/codes.js'
import { EncodedBody } from '../../lib/encoded-body.js'
import { errors } from '../../lib/errors.js'
import { newId } from '../../lib/ids.js'
import { decodeCursor, pageOf } from '../../lib/pagination.js'
import type { Principal } from '../../plugins/auth.js'
import { writeAudit } from '../audit/audit.repository.js'
import type { Districts } from '../codes/districts.js'
import { lockDemand, moveDemand } from '../demands/demands.repository.js'
import { createMenuSearch, type MenuEntry } from './menu.search.js'
import {
  EMPTY_STATS,
  isCityWideCode,
  lockTeam,
  selectLiveMenus,
  selectTeamStats,
  type MenuItemRow,
  type TeamRow,
  type TeamStats,
} from './teams.repository.js'
import type { MenuItemCreate, MenuItemPatch, MenuQuery, TeamCreate, TeamListQuery, TeamPatch } from './teams.schemas.js'

const NO_ID = '00000000-0000-0000-0000-000000000000'
/** The reason recorded on assignments cancelled because their team was deactivated. */
export const TEAM_DEACTIVATED_REASON = '服务队已停用'

const iso = (d: Date | null) => d?.toISOString() ?? null
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

/** Admins and the team itself see a team's contact, load, capacity and track record. */
export const seesPrivate = (actor: Principal | null, teamId: string) =>
  actor?.role === 'admin' || (actor?.role === 'team' && actor.teamId === teamId)

/** Who may read a team: admins all; others active teams, and a team itself even when inactive. */
function teamVisibleTo(actor: Principal | null): SQL | undefined {
  if (actor?.role === 'admin') return undefined
  return or(eq(teams.active, true), eq(teams.id, actor?.role === 'team' ? (actor.teamId ?? NO_ID) : NO_ID))
}

const readable = (actor: Principal | null, team: TeamRow) => actor?.role === 'admin' || team.active || (actor?.role === 'team' && actor.teamId === team.id)

export function menuItemView(m: MenuItemRow) {
  return {
    id: m.id,
    teamId: m.teamId,
    title: m.title,
    description: m.description,
    serviceKinds: m.serviceKinds as ServiceKind[],
    skills: m.skills,
    industries: m.industries as Industry[],
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  }
}

export function createTeamService({ database, districts }: { database: Database; districts: Districts }) {
  const { db } = database
  const search = createMenuSearch({ database })
  // Menu pages as their route serialised them, per process (db/notified-cache.ts): any
  // change to menu items or teams is announced on MATCHING_CHANNEL and drops them all.
  const menuPages = createNotifiedCache<EncodedBody>(database, { max: 500, channels: { [MATCHING_CHANNEL]: () => ALL } })

  const districtName = (code: string) => (isCityWideCode(code) ? districts.city.name : districts.name(code))

  /** The API view of a team; pass `stats` only to a caller who may see the private part. */
  const view = (t: TeamRow, menu: readonly MenuItemRow[], stats?: TeamStats) => ({
    id: t.id,
    name: t.name,
    level: t.level as TeamLevel,
    districtCode: t.districtCode,
    districtName: districtName(t.districtCode),
    leader: {
      name: t.leaderName,
      honors: t.leaderHonors as Honor[],
      honorLabels: t.leaderHonors.map((h) => labelOf(HONORS, h)),
    },
    memberCount: t.memberCount,
    industries: t.industries as Industry[],
    active: t.active,
    deactivatedAt: iso(t.deactivatedAt),
    menu: menu.map(menuItemView),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    ...(stats
      ? {
          contact: { name: t.contactName, phone: t.contactPhone },
          capacity: t.capacity,
          load: stats.load,
          capacityLeft: Math.max(0, t.capacity - stats.load),
          trackRecord: {
            completed: stats.completed,
            solved: stats.solved,
            solveRate: stats.completed ? round(stats.solved / stats.completed, 4) : null,
            ratingCount: stats.ratingCount,
            ratingAvg: stats.ratingCount ? round(stats.ratingSum / stats.ratingCount, 2) : null,
          },
        }
      : {}),
  })

  /** Views of several teams with their menus, and the private part where the caller may see it. */
  async function views(q: Queryable, rows: TeamRow[], actor: Principal | null) {
    const ids = rows.map((r) => r.id)
    const privateIds = ids.filter((id) => seesPrivate(actor, id))
    const menus = await selectLiveMenus(q, ids)
    const stats = await selectTeamStats(q, privateIds)
    return rows.map((r) => view(r, menus.get(r.id) ?? [], seesPrivate(actor, r.id) ? (stats.get(r.id) ?? EMPTY_STATS) : undefined))
  }

  async function load(q: Queryable, id: string, actor: Principal | null) {
    const [row] = await q
      .select()
      .from(teams)
      .where(and(eq(teams.id, id), teamVisibleTo(actor)))
    if (!row) throw errors.notFound('team', '服务队')
    return (await views(q, [row], actor))[0]!
  }

  /**
   * Locks the team for a menu change by `actor`: admins and the team itself may change
   * its menu; another caller gets 403 for a team it may read, 404 for one it may not.
   */
  async function lockMenuOwner(tx: Queryable, teamId: string, actor: Principal) {
    const team = await lockTeam(tx, teamId)
    if (actor.role === 'admin' || (actor.role === 'team' && actor.teamId === teamId)) return team
    if (!readable(actor, team)) throw errors.notFound('team', '服务队')
    throw errors.forbidden({ zh: '服务队只能修改自己的资源菜单', en: 'A team may change only its own menu' })
  }

  async function lockMenuItem(tx: Queryable, teamId: string, itemId: string) {
    const [item] = await tx
      .select()
      .from(menuItems)
      .where(and(eq(menuItems.id, itemId), eq(menuItems.teamId, teamId), sql`${menuItems.deletedAt} is null`))
      .for('update')
    if (!item) throw errors.notFound('menu_item', '菜单项')
    return item
  }

  /** Every menu change moves its team's updatedAt too: clients polling teams, and the menu cache, see it. */
  const touchTeam = (tx: Queryable, teamId: string, at: Date) => tx.update(teams).set({ updatedAt: at }).where(eq(teams.id, teamId))

  /**
   * Deactivation: the team's assignments not yet accepted are cancelled and their demands
   * go back to the queue; accepted and in-progress work stays with the team.
   * Locks demand before assignment, the order the other state changes use.
   */
  async function releaseAssignedWork(tx: Queryable, teamId: string, actor: Principal) {
    const candidates = await tx
      .select({ id: assignments.id, demandId: assignments.demandId })
      .from(assignments)
      .where(and(eq(assignments.teamId, teamId), eq(assignments.status, 'assigned')))
      .orderBy(assignments.id)
    const cancelled: string[] = []
    for (const c of candidates) {
      const demand = await lockDemand(tx, c.demandId, actor)
      const [a] = await tx
        .select()
        .from(assignments)
        .where(and(eq(assignments.id, c.id), eq(assignments.status, 'assigned')))
        .for('update')
      if (!a) continue // accepted or ended meanwhile
      const now = new Date()
      await tx
        .update(assignments)
        .set({ status: 'cancelled', cancelReason: TEAM_DEACTIVATED_REASON, endedAt: now, updatedAt: now })
        .where(eq(assignments.id, a.id))
      await writeAudit(tx, {
        actor,
        objectType: 'assignment',
        objectId: a.id,
        action: 'assignment.cancelled',
        fromStatus: 'assigned',
        toStatus: 'cancelled',
        data: { reason: TEAM_DEACTIVATED_REASON, because: 'team.deactivated', teamId },
      })
      await moveDemand(tx, demand, 'open', actor, 'demand.reopened', { reason: TEAM_DEACTIVATED_REASON, because: 'team.deactivated', assignmentId: a.id, teamId })
      cancelled.push(a.id)
    }
    return cancelled
  }

  /** 资源菜单: live items of active teams; with `q` ranked by relevance, else newest first. */
  async function menu(q: z.output<typeof MenuQuery>) {
    const filters = {
      serviceKind: q.serviceKind,
      industry: q.industry,
      districtCode: q.districtCode,
      updatedSince: q.updatedSince ? new Date(q.updatedSince) : undefined,
    }
    const entryView = ({ item, team }: MenuEntry, score?: number) => ({
      ...menuItemView(item),
      team: { id: team.id, name: team.name, level: team.level as TeamLevel, districtCode: team.districtCode, districtName: districtName(team.districtCode) },
      ...(score !== undefined ? { score: round(score, 4) } : {}),
    })
    if (q.q) {
      const found = await search.search(q.q, filters, q.limit, q.cursor)
      return { items: found.items.map((r) => entryView(r.entry, r.score)), nextCursor: found.nextCursor }
    }
    // Mirrors matchesFilters() in menu.search.ts.
    const where: (SQL | undefined)[] = [sql`${menuItems.deletedAt} is null`, eq(teams.active, true)]
    if (filters.serviceKind) where.push(sql`${menuItems.serviceKinds} @> array[${filters.serviceKind}]::text[]`)
    if (filters.industry)
      where.push(
        sql`(${menuItems.industries} @> array[${filters.industry}]::text[] or (cardinality(${menuItems.industries}) = 0 and ${teams.industries} @> array[${filters.industry}]::text[]))`,
      )
    // City teams serve every district of the city.
    if (filters.districtCode) where.push(or(eq(teams.level, 'city'), eq(teams.districtCode, filters.districtCode)))
    if (filters.updatedSince) where.push(gte(menuItems.updatedAt, filters.updatedSince))
    const before = decodeCursor(q.cursor)
    if (before) where.push(lt(menuItems.id, before))
    const rows = await db
      .select({
        item: menuItems,
        team: { id: teams.id, name: teams.name, level: teams.level, districtCode: teams.districtCode, industries: teams.industries },
      })
      .from(menuItems)
      .innerJoin(teams, eq(teams.id, menuItems.teamId))
      .where(and(...where))
      .orderBy(desc(menuItems.id))
      .limit(q.limit + 1)
    const p = pageOf(
      rows.map((r) => ({ ...r, id: r.item.id })),
      q.limit,
    )
    return { items: p.items.map((r) => entryView(r)), nextCursor: p.nextCursor }
  }

  return {
    view,
    seesPrivate,

    async create(input: z.output<typeof TeamCreate>, actor: Principal) {
      if (input.districtCode) districts.assertInCity(input.districtCode, 'districtCode')
      // A city team without a base is placed at its city (GB/T 2260 code of the city itself).
      const districtCode = input.districtCode ?? `${districts.city.code}00`
      const id = newId()
      return db.transaction(async (tx) => {
        await tx.insert(teams).values({
          id,
          name: input.name,
          level: input.level,
          districtCode,
          leaderName: input.leader.name,
          leaderHonors: input.leader.honors,
          contactName: input.contact.name,
          contactPhone: input.contact.phone,
          memberCount: input.memberCount,
          capacity: input.capacity,
          industries: input.industries,
        })
        await writeAudit(tx, { actor, objectType: 'team', objectId: id, action: 'team.created', data: { name: input.name, level: input.level, districtCode } })
        return load(tx, id, actor)
      })
    },

    get: (id: string, actor: Principal | null) => load(db, id, actor),

    async list(q: z.output<typeof TeamListQuery>, actor: Principal | null) {
      const active = q.active ?? (actor?.role === 'admin' ? undefined : true)
      const before = decodeCursor(q.cursor)
      const where: (SQL | undefined)[] = [teamVisibleTo(actor)]
      if (active !== undefined) where.push(eq(teams.active, active))
      if (q.level) where.push(eq(teams.level, q.level))
      if (q.districtCode) where.push(eq(teams.districtCode, q.districtCode))
      if (q.industry) where.push(sql`${teams.industries} @> array[${q.industry}]::text[]`)
      if (q.updatedSince) where.push(gte(teams.updatedAt, new Date(q.updatedSince)))
      if (before) where.push(lt(teams.id, before))
      const rows = await db
        .select()
        .from(teams)
        .where(and(...where))
        .orderBy(desc(teams.id))
        .limit(q.limit + 1)
      const p = pageOf(rows, q.limit)
      return { items: await views(db, p.items, actor), nextCursor: p.nextCursor }
    },

    async patch(id: string, input: z.output<typeof TeamPatch>, actor: Principal) {
      return db.transaction(async (tx) => {
        const before = await lockTeam(tx, id)
        const now = new Date()
        const deactivating = input.active === false && before.active
        const reactivating = input.active === true && !before.active
        const cancelled = deactivating ? await releaseAssignedWork(tx, id, actor) : []
        const { leader, contact, ...rest } = input
        await tx
          .update(teams)
          .set({
            ...rest,
            ...(leader ? { leaderName: leader.name, leaderHonors: leader.honors } : {}),
            ...(contact ? { contactName: contact.name, contactPhone: contact.phone } : {}),
            ...(deactivating ? { deactivatedAt: now } : {}),
            ...(reactivating ? { deactivatedAt: null } : {}),
            updatedAt: now,
          })
          .where(eq(teams.id, id))
        // Phone numbers are personal data: the audit row names the changed fields, not their values.
        await writeAudit(tx, {
          actor,
          objectType: 'team',
          objectId: id,
          action: deactivating ? 'team.deactivated' : reactivating ? 'team.reactivated' : 'team.updated',
          data: {
            fields: Object.keys(input),
            ...(input.capacity !== undefined ? { capacity: { from: before.capacity, to: input.capacity } } : {}),
            ...(deactivating ? { cancelledAssignmentIds: cancelled } : {}),
          },
        })
        return load(tx, id, actor)
      })
    },

    async createMenuItem(teamId: string, input: z.output<typeof MenuItemCreate>, actor: Principal) {
      return db.transaction(async (tx) => {
        await lockMenuOwner(tx, teamId, actor)
        const id = newId()
        const now = new Date()
        const [item] = await tx
          .insert(menuItems)
          .values({ id, teamId, ...input, createdAt: now, updatedAt: now })
          .returning()
        await touchTeam(tx, teamId, now)
        await writeAudit(tx, { actor, objectType: 'menu_item', objectId: id, action: 'menu_item.created', data: { teamId, title: input.title } })
        return menuItemView(item!)
      })
    },

    async patchMenuItem(teamId: string, itemId: string, input: z.output<typeof MenuItemPatch>, actor: Principal) {
      return db.transaction(async (tx) => {
        await lockMenuOwner(tx, teamId, actor)
        const before = await lockMenuItem(tx, teamId, itemId)
        const now = new Date()
        const [item] = await tx
          .update(menuItems)
          .set({ ...input, updatedAt: now })
          .where(eq(menuItems.id, itemId))
          .returning()
        await touchTeam(tx, teamId, now)
        const changed = Object.fromEntries(Object.keys(input).map((k) => [k, { from: before[k as keyof typeof input], to: input[k as keyof typeof input] }]))
        await writeAudit(tx, { actor, objectType: 'menu_item', objectId: itemId, action: 'menu_item.updated', data: { teamId, changed } })
        return menuItemView(item!)
      })
    },

    async deleteMenuItem(teamId: string, itemId: string, actor: Principal) {
      await db.transaction(async (tx) => {
        await lockMenuOwner(tx, teamId, actor)
        const before = await lockMenuItem(tx, teamId, itemId)
        const now = new Date()
        // Soft: past matches and audit rows still name the item.
        await tx.update(menuItems).set({ deletedAt: now, updatedAt: now }).where(eq(menuItems.id, itemId))
        await touchTeam(tx, teamId, now)
        await writeAudit(tx, { actor, objectType: 'menu_item', objectId: itemId, action: 'menu_item.deleted', data: { teamId, title: before.title } })
      })
    },

    ready: () => menuPages.ready(),
    invalidateCaches: () => menuPages.clear(),

    /**
     * The menu page as JSON written by `serialize`, with its compressed forms as clients ask
     * for them, from the per-process cache when it holds it.
     */
    async menuPage(q: z.output<typeof MenuQuery>, serialize: (page: Awaited<ReturnType<typeof menu>>) => string): Promise<EncodedBody> {
      return (await menuPages.get(JSON.stringify(q), async () => new EncodedBody(Buffer.from(serialize(await menu(q))))))!
    },
  }
}

export type TeamService = ReturnType<typeof createTeamService>
