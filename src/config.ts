// Configuration from the environment, checked once at boot: a bad value stops start-up
// with one readable line naming the variable.
import { z } from 'zod'
import { findCity } from './domain/codes/codes.js'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  MIGRATE_ON_START: bool.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  BOOTSTRAP_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  CITY_CODE: z
    .string()
    .regex(/^\d{4}$/, 'must be a 4-digit GB/T 2260 city code, e.g. 4405')
    .refine((c) => findCity(c) !== undefined, 'is not a prefecture-level city in GB/T 2260')
    .default('4405'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  TRUST_PROXY: bool.default(false),
  // Limits (plugins/security.ts). 0 turns a limit off.
  RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(0).max(1_000_000).default(600),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(300),
  RATE_LIMIT_AUTH_FAILURES_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(30),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  CORS_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^(\*|https?:\/\/[^/\s,]+)$/, 'must be origins like https://zqx.example.cn (scheme and host, no path), comma-separated, or *')))
    .default([]),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  PRESSURE_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0),
  PRESSURE_MAX_HEAP_USED_BYTES: z.coerce.number().int().min(0).default(0),
  PRESSURE_MAX_RSS_BYTES: z.coerce.number().int().min(0).default(0),
  PRESSURE_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
})

export interface Config {
  env: 'development' | 'production' | 'test'
  port: number
  host: string
  databaseUrl: string | undefined
  databasePoolSize: number
  dataDir: string
  migrateOnStart: boolean
  logLevel: string
  logPretty: boolean
  bootstrapAdminToken: string | undefined
  cityCode: string
  bodyLimit: number
  trustProxy: boolean
  rateLimit: { perToken: number; perIp: number; authFailuresPerIp: number; windowMs: number }
  /** Browser origins allowed to call the API (CORS); empty = closed. */
  corsOrigins: string[]
  /** Load shedding thresholds; 0 = not checked. */
  pressure: { maxEventLoopDelayMs: number; maxEventLoopUtilization: number; maxHeapUsedBytes: number; maxRssBytes: number; sampleIntervalMs: number }
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Pure: env → Config, or a ConfigError whose message names every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as in most shells' `FOO= npm start`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(cleaned)
  if (!parsed.success) {
    const parts = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new ConfigError(`invalid configuration — ${parts.join('; ')}`)
  }
  const e = parsed.data
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    migrateOnStart: e.MIGRATE_ON_START,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY ?? e.NODE_ENV === 'development',
    bootstrapAdminToken: e.BOOTSTRAP_ADMIN_TOKEN,
    cityCode: e.CITY_CODE,
    bodyLimit: e.BODY_LIMIT_BYTES,
    trustProxy: e.TRUST_PROXY,
    rateLimit: {
      perToken: e.RATE_LIMIT_PER_TOKEN,
      perIp: e.RATE_LIMIT_PER_IP,
      authFailuresPerIp: e.RATE_LIMIT_AUTH_FAILURES_PER_IP,
      windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000,
    },
    corsOrigins: e.CORS_ORIGINS,
    pressure: {
      maxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS,
      maxEventLoopUtilization: e.PRESSURE_MAX_EVENT_LOOP_UTILIZATION,
      maxHeapUsedBytes: e.PRESSURE_MAX_HEAP_USED_BYTES,
      maxRssBytes: e.PRESSURE_MAX_RSS_BYTES,
      sampleIntervalMs: e.PRESSURE_SAMPLE_INTERVAL_MS,
    },
  }
}
