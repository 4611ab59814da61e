import { pino, type Logger } from 'pino'
import type { Config } from './config.js'

// Tokens and phone numbers never reach the log: request bodies are not logged, and
// these paths are censored wherever they appear in a logged object.
export const REDACT = [
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  '*.token',
  '*.phone',
  '*.contactPhone',
  '*.*.phone',
  'token',
]

export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    ...(config.logPretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } } : {}),
  })
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'

/**
 * `request.log` made on first use: pino's child logger serialises (and redacts) its
 * bindings when it is made, a cost every request paid even when it logged nothing. A
 * call at a level the logger does not write returns at once, as pino's own does.
 */
class LazyChild {
  #made: Logger | undefined
  constructor(
    private readonly parent: Logger,
    private readonly bindings: Record<string, unknown>,
    private readonly options: object,
  ) {}
  #logger(): Logger {
    return (this.#made ??= this.parent.child(this.bindings, this.options))
  }
  #at(level: Level, args: unknown[]) {
    if (this.parent.isLevelEnabled(level)) (this.#logger()[level] as (...a: unknown[]) => void)(...args)
  }
  get level(): string {
    return this.#made?.level ?? this.parent.level
  }
  set level(level: string) {
    this.#logger().level = level
  }
  fatal(...args: unknown[]) {
    this.#at('fatal', args)
  }
  error(...args: unknown[]) {
    this.#at('error', args)
  }
  warn(...args: unknown[]) {
    this.#at('warn', args)
  }
  info(...args: unknown[]) {
    this.#at('info', args)
  }
  debug(...args: unknown[]) {
    this.#at('debug', args)
  }
  trace(...args: unknown[]) {
    this.#at('trace', args)
  }
  silent() {}
  child(bindings: Record<string, unknown>, options?: object) {
    return this.#logger().child(bindings, options)
  }
}

/** For Fastify's `childLoggerFactory`. A route with its own `logLevel` gets pino's child at once. */
export const lazyChildLogger = (logger: Logger, bindings: Record<string, unknown>, options: { level?: string }) =>
  options.level === undefined ? (new LazyChild(logger, bindings, options) as unknown as Logger) : logger.child(bindings, options)
