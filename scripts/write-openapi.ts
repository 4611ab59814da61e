// `npm run openapi`: rewrites openapi.yaml from the app's routes and zod schemas.
import { writeFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { buildApp } from '../src/app.js'
import { parseConfig } from '../src/config.js'
import { createDatabase } from '../src/db/client.js'
import { migrate } from '../src/db/migrate.js'

const pglite = await PGlite.create()
const database = await createDatabase({ pglite })
await migrate(database)
const app = await buildApp({ config: parseConfig({}), database })
await app.ready()
writeFileSync(new URL('../openapi.yaml', import.meta.url), app.swagger({ yaml: true }))
await app.close()
await pglite.close()
console.log('openapi.yaml written')
