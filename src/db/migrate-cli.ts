// `npm run db:migrate`: apply the migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
import { parseConfig, ConfigError } from '../config.js'
import { createDatabase } from './client.js'
import { migrate } from './migrate.js'

try {
  const config = parseConfig(process.env)
  const database = await createDatabase(
    config.databaseUrl ? { url: config.databaseUrl, poolSize: 1 } : { dataDir: config.dataDir },
  )
  await migrate(database)
  await database.close()
  console.log(`migrations applied (${database.driver})`)
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err)
  process.exit(1)
}
