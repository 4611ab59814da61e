// The first start in an empty DATA_DIR unpacks the packed, migrated template that
// `npm ci` makes (src/db/pglite-template.ts) instead of initialising a database.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { sql } from 'drizzle-orm'
import { createDatabase } from '../../src/db/client.js'
import { migrate, migrationsFolder } from '../../src/db/migrate.js'
import { ensurePgliteTemplate, isEmptyDir } from '../../src/db/pglite-template.js'

t.setTimeout(120_000)

t.test('a new data folder starts from the template, already migrated, and keeps what is written', async (t) => {
  await ensurePgliteTemplate()
  const dir = mkdtempSync(join(tmpdir(), 'zqx-embedded-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  t.ok(isEmptyDir(dir))
  const migrations = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length
  const first = await createDatabase({ dataDir: dir })
  const applied = await first.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  t.equal(applied[0]!.n, migrations, 'every migration is already applied')
  await migrate(first) // a no-op, as on every start
  await first.rows(sql`insert into catalog_version (id, version) values (2, 41)`)
  await first.close()
  t.notOk(isEmptyDir(dir))
  const again = await createDatabase({ dataDir: dir })
  const kept = await again.rows<{ version: number }>(sql`select version from catalog_version where id = 2`)
  t.equal(Number(kept[0]?.version), 41, 'the folder is reopened, not replaced')
  await again.close()
})

t.test('a first start killed while unpacking is started again, not opened half-made', async (t) => {
  await ensurePgliteTemplate()
  const dir = mkdtempSync(join(tmpdir(), 'zqx-embedded-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // What a kill mid-unpacking leaves: the marker and some of the files.
  writeFileSync(join(dir, '.zqx-unpacking'), '')
  writeFileSync(join(dir, 'PG_VERSION'), 'garbage')
  const db = await createDatabase({ dataDir: dir })
  const applied = await db.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)
  t.equal(applied[0]!.n, readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).length)
  await db.close()
  t.notOk(readdirSync(dir).includes('.zqx-unpacking'), 'the marker is gone once unpacked')
})
