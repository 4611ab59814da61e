// read config → open and migrate the database → build the app → listen; drain on SIGTERM/SIGINT.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, parseConfig } from './config.js'
import { createDatabase } from './db/client.js'
import { migrate } from './db/migrate.js'
import { createLogger } from './logger.js'

let config
try {
  config = parseConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  throw err
}
const logger = createLogger(config)
const database = await createDatabase(
  config.databaseUrl ? { url: config.databaseUrl, poolSize: config.databasePoolSize } : { dataDir: config.dataDir },
)
if (config.migrateOnStart) await migrate(database)
const app = await buildApp({ config, database, logger })

closeWithGrace({ delay: 10_000, logger }, async ({ err, signal }) => {
  if (err) logger.error({ err }, 'closing after an error')
  else logger.info({ signal }, 'draining requests')
  await app.close()
  await database.close()
})

await app.listen({ port: config.port, host: config.host })
logger.info({ driver: database.driver, dataDir: database.driver === 'pglite' ? config.dataDir : undefined }, 'ready')
