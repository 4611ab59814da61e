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
