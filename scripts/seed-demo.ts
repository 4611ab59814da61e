// `npm run seed:demo`: fills an EMPTY database (DATABASE_URL → PostgreSQL, else PGlite in
// DATA_DIR) with the Shantou demo programme, through the HTTP API, and prints the impact
// table it produces (the seed's: 50 / 98 / 215 / 3175 / 468 / 3,000,000).
// A database that already holds teams, enterprises, demands or activities is refused (exit 1).
import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { buildApp } from '../src/app.js'
import { ConfigError, parseConfig, type Config } from '../src/config.js'
import { createDatabase, type Database } from '../src/db/client.js'
import { migrate } from '../src/db/migrate.js'
import { formatImpactTable } from '../src/demo/report.js'
import { DemoSeedFailed, DemoSeedRefused, seedDemo } from '../src/demo/seed.js'

const started = performance.now()
let config: Config
try {
  config = parseConfig(process.env)
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
}

const where = config.databaseUrl ? `PostgreSQL ${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname}` : `PGlite ${config.dataDir}`
const database = await createDatabase(config.databaseUrl ? { url: config.databaseUrl, poolSize: config.databasePoolSize } : { dataDir: config.dataDir })
let code = 0
try {
  await migrate(database)
  // Checked before the app starts: building the app (re)registers the bootstrap admin
  // token, which must not touch a database that is not ours to fill.
  const found = await existingRecords(database)
  if (found.length)
    throw new DemoSeedRefused(
      `数据库不是空的（${where}：已有${found.map((f) => `${f.zh} ${f.n}`).join('、')}），演示数据只写入空数据库。\n` +
        `The database is not empty (${found.map((f) => `${f.table} ${f.n}`).join(', ')}); demo data goes into an empty database only.`,
    )

  // Without BOOTSTRAP_ADMIN_TOKEN, a one-off admin token that is revoked when seeding ends.
  const adminToken = config.bootstrapAdminToken ?? `seed-demo-${randomBytes(24).toString('base64url')}`
  // The app is this process's own (no port is opened): its rate limits and load shedding,
  // which guard a public server, would only throttle the seeding itself.
  const app = await buildApp({ config: seedingConfig(config, adminToken), database })
  try {
    console.log(`生成演示数据 / seeding the demo programme into ${where} …`)
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
    const result = await seedDemo({ app, adminToken, log: (line) => console.log(`  [${elapsed()}] ${line}`) })
    console.log(`  ${result.requests} 次 API 请求，共用时 ${elapsed()}\n`)
    const got = result.impact.totals
    console.log(formatImpactTable(got))
    const want = result.expected
    if (got.teams !== want.teams || got.activities !== want.activities || got.problemsSolved !== want.problemsSolved || got.workersTrained !== want.workersTrained || got.enterprisesServed !== want.enterprisesServed || got.benefitYuan.total !== want.benefitYuan.total) {
      console.error('\n指标与演示计划不一致 / the metrics differ from the plan:', JSON.stringify(want))
      code = 1
    }
  } finally {
    if (!config.bootstrapAdminToken) await revokeBootstrap(app, adminToken).catch(() => {})
    await app.close()
  }
} catch (err) {
  code = 1
  if (err instanceof DemoSeedRefused) console.error(err.message)
  else if (err instanceof DemoSeedFailed)
    console.error(
      `演示数据生成失败 / seeding failed: ${err.message}\n已写入的部分数据仍在数据库中；请换用空的数据库（或删除 ${config.databaseUrl ? '该数据库' : config.dataDir}）后重试。` +
        `\nWhat was written stays in the database; retry on an empty one.`,
    )
  else console.error(err)
} finally {
  await database.close()
}
process.exit(code)

function seedingConfig(config: Config, adminToken: string): Config {
  return {
    ...config,
    bootstrapAdminToken: adminToken,
    rateLimit: { ...config.rateLimit, perToken: 0, perIp: 0, authFailuresPerIp: 0 },
    pressure: { ...config.pressure, maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0, maxHeapUsedBytes: 0, maxRssBytes: 0 },
  }
}

async function existingRecords(db: Database): Promise<{ table: string; zh: string; n: number }[]> {
  const found: { table: string; zh: string; n: number }[] = []
  for (const [table, zh] of [
    ['teams', '服务队'],
    ['enterprises', '企业'],
    ['demands', '需求'],
    ['activities', '活动'],
  ] as const) {
    const [exists] = await db.rows<{ ok: boolean }>(sql`select to_regclass(${`public.${table}`}) is not null as ok`)
    if (!exists?.ok) continue
    const [row] = await db.rows<{ n: unknown }>(sql`select count(*) as n from ${sql.identifier(table)}`)
    if (Number(row?.n) > 0) found.push({ table, zh, n: Number(row?.n) })
  }
  return found
}

/** Revokes the one-off admin token (the only bootstrap token: the database was empty). */
async function revokeBootstrap(app: Awaited<ReturnType<typeof buildApp>>, adminToken: string) {
  const headers = { authorization: `Bearer ${adminToken}` }
  let cursor: string | null = null
  do {
    const res = await app.inject({ method: 'GET', url: `/v1/tokens?limit=100${cursor ? `&cursor=${cursor}` : ''}`, headers })
    const page = JSON.parse(res.body) as { items: { id: string; bootstrap: boolean; revokedAt: string | null }[]; nextCursor: string | null }
    const mine = page.items.find((t) => t.bootstrap && !t.revokedAt)
    if (mine) {
      await app.inject({ method: 'DELETE', url: `/v1/tokens/${mine.id}`, headers })
      return
    }
    cursor = page.nextCursor
  } while (cursor)
}
