import t from 'tap'
import { parseConfig } from '../../src/config.js'

t.test('defaults give a working embedded setup for Shantou', async (t) => {
  const c = parseConfig({})
  t.match(c, { port: 3000, dataDir: './data', cityCode: '4405', migrateOnStart: true, databaseUrl: undefined })
})

t.test('a bad value names the variable in one line', async (t) => {
  t.throws(() => parseConfig({ PORT: 'eighty' }), { name: 'ConfigError' })
  t.throws(() => parseConfig({ PORT: 'eighty' }), /PORT/)
  t.throws(() => parseConfig({ CITY_CODE: '9999' }), /CITY_CODE: .*GB\/T 2260/)
  t.throws(() => parseConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL/)
  t.throws(() => parseConfig({ BOOTSTRAP_ADMIN_TOKEN: 'short' }), /BOOTSTRAP_ADMIN_TOKEN/)
  t.throws(() => parseConfig({ MIGRATE_ON_START: 'maybe' }), /MIGRATE_ON_START/)
  try {
    parseConfig({ PORT: '-1', LOG_LEVEL: 'loud' })
  } catch (e) {
    t.notMatch((e as Error).message, /\n/)
    t.match((e as Error).message, /PORT.*LOG_LEVEL|LOG_LEVEL.*PORT/)
  }
})

t.test('another city can run the service', async (t) => {
  t.equal(parseConfig({ CITY_CODE: '4401', DATABASE_URL: 'postgres://localhost/x' }).cityCode, '4401')
})
