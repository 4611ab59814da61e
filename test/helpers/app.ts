// Builds the real app on a database of the test file's own, and closes both in teardown.
import type { Logger } from 'pino'
import type { Test } from 'tap'
import { buildApp, type App } from '../../src/app.js'
import { parseConfig } from '../../src/config.js'
import { createDatabase } from '../../src/db/client.js'
import { creditCodeCheckChar } from '../../src/domain/credit-code.js'
import { createTestDatabase, type TestDatabase } from './db.js'

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef'

export interface TestContext {
  app: App
  db: TestDatabase
  admin: Record<string, string>
  request: (opts: InjectOpts) => Promise<{ status: number; body: any; headers: Record<string, unknown>; raw: string }>
}

type InjectOpts = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  url: string
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

export async function buildTestApp(t: Test, env: Record<string, string> = {}, opts: { logger?: Logger } = {}): Promise<TestContext> {
  const db = await createTestDatabase()
  const config = parseConfig({ BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN, ...env })
  const app = await buildApp({ config, database: db.database, ...(opts.logger ? { logger: opts.logger } : {}) })
  t.teardown(async () => {
    await app.close()
    await db.drop()
  })
  const request: TestContext['request'] = async ({ method, url, token, body, headers = {} }) => {
    const res = await app.inject({
      method,
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body !== undefined ? { payload: body as object } : {}),
    })
    let parsed: unknown = undefined
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined
    } catch {
      parsed = res.body
    }
    return { status: res.statusCode, body: parsed as any, headers: res.headers as Record<string, unknown>, raw: res.body }
  }
  return { app, db, admin: { authorization: `Bearer ${ADMIN_TOKEN}` }, request }
}

let seq = 0
/** A valid 统一社会信用代码 for a Shantou-registered enterprise, different each call. */
export function creditCode(n = ++seq): string {
  const body = `91440515${String(n).padStart(9, '0')}`
  return body + creditCodeCheckChar(body)
}

export function enterpriseBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `汕头市测试玩具有限公司${++seq}`,
    creditCode: creditCode(),
    districtCode: '440515',
    address: '汕头市澄海区莲下镇工业区 8 号',
    industry: 'toys_creative',
    size: 'small',
    specialized: true,
    contact: { name: '陈工', phone: '13800138000' },
    ...overrides,
  }
}

export function demandBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '注塑件缩痕问题攻关',
    description: '我司玩具外壳注塑件表面出现缩痕，良品率只有八成，希望劳模工匠团队帮助优化模具和工艺参数。',
    serviceKinds: ['tackling'],
    skills: ['注塑', '模具'],
    urgency: 'high',
    traineesWanted: 20,
    estimatedBenefitYuan: 300000,
    ...overrides,
  }
}

/** Registers an enterprise and issues its token. */
export async function enterpriseWithToken(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  const e = await ctx.request({ method: 'POST', url: '/v1/enterprises', token: ADMIN_TOKEN, body: enterpriseBody(overrides) })
  if (e.status !== 201) throw new Error(`enterprise: ${e.status} ${e.raw}`)
  const tk = await ctx.request({ method: 'POST', url: '/v1/tokens', token: ADMIN_TOKEN, body: { role: 'enterprise', enterpriseId: e.body.id } })
  if (tk.status !== 201) throw new Error(`token: ${tk.status} ${tk.raw}`)
  return { enterprise: e.body, token: tk.body.token as string, tokenId: tk.body.id as string }
}

export function teamBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `澄海区劳模工匠技术服务队${++seq}`,
    level: 'district',
    districtCode: '440515',
    leader: { name: '林师傅', honors: ['national_model_worker', 'shantou_craftsman'] },
    contact: { name: '林师傅', phone: '13900139000' },
    memberCount: 12,
    capacity: 3,
    industries: ['toys_creative', 'plastics'],
    ...overrides,
  }
}

export function menuItemBody(overrides: Record<string, unknown> = {}) {
  return {
    title: '注塑模具优化',
    description: '针对注塑件缩痕、飞边、翘曲等缺陷，优化模具结构和注塑工艺参数。',
    serviceKinds: ['tackling', 'training'],
    skills: ['注塑', '模具'],
    industries: ['toys_creative'],
    ...overrides,
  }
}

/** Registers a team and issues its token. */
export async function teamWithToken(ctx: TestContext, overrides: Record<string, unknown> = {}) {
  const tm = await ctx.request({ method: 'POST', url: '/v1/teams', token: ADMIN_TOKEN, body: teamBody(overrides) })
  if (tm.status !== 201) throw new Error(`team: ${tm.status} ${tm.raw}`)
  const tk = await ctx.request({ method: 'POST', url: '/v1/tokens', token: ADMIN_TOKEN, body: { role: 'team', teamId: tm.body.id } })
  if (tk.status !== 201) throw new Error(`token: ${tk.status} ${tk.raw}`)
  return { team: tm.body, token: tk.body.token as string, tokenId: tk.body.id as string }
}

/** Adds a menu item to a team (as admin unless a token is given). */
export async function addMenuItem(ctx: TestContext, teamId: string, overrides: Record<string, unknown> = {}, token = ADMIN_TOKEN) {
  const res = await ctx.request({ method: 'POST', url: `/v1/teams/${teamId}/menu-items`, token, body: menuItemBody(overrides) })
  if (res.status !== 201) throw new Error(`menu item: ${res.status} ${res.raw}`)
  return res.body
}

/**
 * Another app on the same database, as a second server process would be (its own
 * connections on PostgreSQL; on PGlite the one in-process database), closed in teardown.
 */
export async function secondApp(t: Test, ctx: TestContext): Promise<App> {
  const otherDb = ctx.db.url ? await createDatabase({ url: ctx.db.url, poolSize: 2 }) : ctx.db.database
  const second = await buildApp({ config: parseConfig({ BOOTSTRAP_ADMIN_TOKEN: ADMIN_TOKEN }), database: otherDb })
  t.teardown(async () => {
    await second.close()
    if (otherDb !== ctx.db.database) await otherDb.close()
  })
  return second
}

/** Polls until `check` holds (a notification arrives asynchronously), for at most 3 s. */
export async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return false
}
