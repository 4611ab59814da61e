// Plays the demo plan through the HTTP API (app.inject): every record passes the same
// validation, state machines, capacity and outcome rules as a real client's, and leaves
// the same audit trail. Actors are the real ones: the union (admin) registers teams and
// enterprises and dispatches; each team publishes its menu, accepts, works, completes and
// records its activities with its own token; each enterprise posts its orders, cancels
// and rates with its own. The tokens issued here are revoked at the end (their secrets
// were never shown to anyone); the union issues fresh ones when it hands accounts over.
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildDemoPlan, countFigures, type DemoPlan, type PlanFigures, type Step } from './plan.js'
import type { ImpactTotals } from './report.js'

export interface Injector {
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>
}

export interface SeedDemoOptions {
  app: Injector
  adminToken: string
  /** Defaults to the deterministic demo plan. */
  plan?: DemoPlan
  /** Progress lines. */
  log?: (line: string) => void
  /** Revoke the team and enterprise tokens issued for seeding (default true). */
  revokeTokens?: boolean
}

/** The database already holds records: the demo is only for an empty one. */
export class DemoSeedRefused extends Error {
  override name = 'DemoSeedRefused'
}

/** A request answered otherwise than the plan expects. */
export class DemoSeedFailed extends Error {
  override name = 'DemoSeedFailed'
  constructor(
    readonly request: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${request} → ${status}: ${body.slice(0, 800)}`)
  }
}

export interface SeedDemoResult {
  plan: DemoPlan
  /** The plan's own count of the figures (what the metrics must say). */
  expected: PlanFigures
  /** The body of GET /v1/metrics/impact after seeding. */
  impact: { totals: ImpactTotals } & Record<string, unknown>
  ids: { teams: string[]; enterprises: string[]; demands: string[]; activities: string[] }
  created: { teams: number; menuItems: number; enterprises: number; demands: number; assignments: number; feedback: number; activities: number; tokens: number }
  requests: number
}

const TOKEN_LABEL = '演示数据 seed:demo'

export async function seedDemo({ app, adminToken, plan = buildDemoPlan(), log = () => {}, revokeTokens = true }: SeedDemoOptions): Promise<SeedDemoResult> {
  let requests = 0
  async function call<T = any>(method: 'GET' | 'POST' | 'DELETE', url: string, token: string | undefined, body?: unknown, ok: number[] = [200, 201, 204]): Promise<T> {
    requests++
    const res = await app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    })
    if (!ok.includes(res.statusCode)) throw new DemoSeedFailed(`${method} ${url}`, res.statusCode, res.body)
    return (res.body ? JSON.parse(res.body) : undefined) as T
  }

  // (A 404 means the list does not exist in this build: nothing there.)
  await assertEmpty((url) => call<{ items?: unknown[] }>('GET', url, adminToken, undefined, [200, 404]))

  const created = { teams: 0, menuItems: 0, enterprises: 0, demands: 0, assignments: 0, feedback: 0, activities: 0, tokens: 0 }
  const issued: string[] = []
  async function issue(owner: { role: 'team'; teamId: string } | { role: 'enterprise'; enterpriseId: string }) {
    const t = await call<{ id: string; token: string }>('POST', '/v1/tokens', adminToken, { ...owner, label: TOKEN_LABEL })
    issued.push(t.id)
    created.tokens++
    return t.token
  }

  const teamIds: string[] = []
  const teamTokens: string[] = []
  const enterpriseIds: string[] = []
  const enterpriseTokens = new Map<number, string>()
  const demandIds: string[] = []
  const activityIds: string[] = []
  const revokeIssued = async () => {
    for (const id of issued) await call('DELETE', `/v1/tokens/${id}`, adminToken)
  }

  try {
    // 1. Teams (registered by the union) and their menus (published by each team).
    for (const t of plan.teams) {
      const team = await call<{ id: string }>('POST', '/v1/teams', adminToken, {
        name: t.def.name,
        level: t.def.level,
        districtCode: t.def.districtCode,
        leader: { name: t.def.leader, honors: t.def.honors },
        contact: { name: t.def.liaison, phone: t.contactPhone },
        memberCount: t.def.memberCount,
        capacity: t.def.capacity,
        industries: t.def.industries,
      })
      teamIds.push(team.id)
      created.teams++
      const token = await issue({ role: 'team', teamId: team.id })
      teamTokens.push(token)
      for (const { title, description, serviceKinds, skills, industries } of t.menu) {
        await call('POST', `/v1/teams/${team.id}/menu-items`, token, { title, description, serviceKinds, skills, industries })
        created.menuItems++
      }
    }
    log(`服务队 ${created.teams} 支，资源菜单 ${created.menuItems} 项`)

    // 2. Enterprises (registered by the union); those with orders get a token.
    for (const e of plan.enterprises) {
      const body = { name: e.name, creditCode: e.creditCode, districtCode: e.districtCode, address: e.address, industry: e.industry, size: e.size, specialized: e.specialized, contact: e.contact }
      enterpriseIds.push((await call<{ id: string }>('POST', '/v1/enterprises', adminToken, body)).id)
      created.enterprises++
    }
    for (const i of new Set(plan.demands.map((d) => d.enterprise))) enterpriseTokens.set(i, await issue({ role: 'enterprise', enterpriseId: enterpriseIds[i]! }))
    log(`企业 ${created.enterprises} 家（其中 ${plan.enterprises.filter((e) => e.specialized).length} 家专精特新）`)

    // 3. Demands, each through its whole life: post, dispatch, decline / reassign, accept, start, complete or cancel, rate.
    for (const d of plan.demands) {
      const ownerToken = enterpriseTokens.get(d.enterprise)!
      const posted =
        d.postedBy === 'enterprise'
          ? await call<{ id: string }>('POST', '/v1/demands', ownerToken, d.body)
          : await call<{ id: string }>('POST', '/v1/demands', adminToken, { ...d.body, enterpriseId: enterpriseIds[d.enterprise] })
      const demandId = posted.id
      demandIds.push(demandId)
      created.demands++
      let assignment: { id: string; team: number } | undefined
      for (const step of d.steps) assignment = await play(step, demandId, ownerToken, assignment)
    }
    log(`需求 ${created.demands} 条，派单 ${created.assignments} 次，评价 ${created.feedback} 条`)

    async function play(step: Step, demandId: string, ownerToken: string, current: { id: string; team: number } | undefined) {
      const teamToken = current ? teamTokens[current.team]! : ''
      const on = (action: string) => `/v1/assignments/${current!.id}/${action}`
      switch (step.do) {
        case 'assign': {
          const a = await call<{ id: string }>('POST', `/v1/demands/${demandId}/assignments`, adminToken, { teamId: teamIds[step.team], ...(step.note ? { note: step.note } : {}) })
          created.assignments++
          return { id: a.id, team: step.team }
        }
        case 'decline':
          await call('POST', on('decline'), teamToken, { reasonCode: step.reasonCode, ...(step.note ? { note: step.note } : {}) })
          return undefined
        case 'cancelAssignment':
          await call('POST', on('cancel'), adminToken, { reason: step.reason })
          return undefined
        case 'accept':
        case 'start':
          await call('POST', on(step.do), teamToken)
          return current
        case 'complete':
          await call('POST', on('complete'), teamToken, step.outcome)
          return current
        case 'cancelDemand':
          await call('POST', `/v1/demands/${demandId}/cancel`, step.by === 'admin' ? adminToken : ownerToken, { reason: step.reason })
          return undefined
        case 'feedback':
          await call('POST', `/v1/demands/${demandId}/feedback`, ownerToken, { rating: step.rating, outcomeConfirmed: step.outcomeConfirmed, ...(step.comment ? { comment: step.comment } : {}) })
          created.feedback++
          return current
      }
    }

    // 4. Activities, recorded by the teams themselves, in date order.
    for (const a of plan.activities) {
      const body = {
        teamId: teamIds[a.team],
        date: a.date,
        serviceKind: a.serviceKind,
        title: a.title,
        districtCode: a.districtCode,
        ...(a.industry ? { industry: a.industry } : {}),
        enterpriseIds: a.enterprises.map((i) => enterpriseIds[i]!),
        demandIds: a.demands.map((i) => demandIds[i]!),
        traineeCount: a.traineeCount,
        onSiteProblemsSolved: a.onSiteProblemsSolved,
        ...(a.benefitYuan !== undefined ? { benefitYuan: a.benefitYuan, benefitKind: a.benefitKind } : {}),
      }
      activityIds.push((await call<{ id: string }>('POST', '/v1/activities', teamTokens[a.team], body)).id)
      created.activities++
    }
    log(`活动 ${created.activities} 次`)

  } catch (err) {
    // What was written stays (the database is no longer empty); the tokens do not.
    if (revokeTokens) await revokeIssued().catch(() => {})
    throw err
  }

  if (revokeTokens) {
    await revokeIssued()
    log(`已吊销本次生成数据所用的 ${issued.length} 个服务队/企业令牌`)
  }

  const impact = await call<SeedDemoResult['impact']>('GET', '/v1/metrics/impact', undefined)
  return {
    plan,
    expected: countFigures(plan),
    impact,
    ids: { teams: teamIds, enterprises: enterpriseIds, demands: demandIds, activities: activityIds },
    created,
    requests,
  }
}

/** Refuses (DemoSeedRefused) unless the service holds no teams, enterprises, demands or activities. */
async function assertEmpty(list: (url: string) => Promise<{ items?: unknown[] } | undefined>) {
  const found: string[] = []
  for (const [what, url] of [
    ['服务队 teams', '/v1/teams?limit=1'],
    ['企业 enterprises', '/v1/enterprises?limit=1'],
    ['需求 demands', '/v1/demands?limit=1'],
    ['活动 activities', '/v1/activities?limit=1'],
  ] as const) {
    if ((await list(url))?.items?.length) found.push(what)
  }
  if (found.length)
    throw new DemoSeedRefused(
      `数据库不是空的（已有${found.join('、')}），演示数据只写入空数据库。The database is not empty (found ${found.join(', ')}); demo data goes into an empty database only.`,
    )
}
