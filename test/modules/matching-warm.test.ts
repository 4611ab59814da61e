// The menu index is built once per catalog version and shared: a server starts a build in
// the background when it listens (matching.warm), and the first ranking may start one too.
// A transaction that needs the index (assigning a team, dispatch) must not wait for a build
// running on another connection: on PGlite every query outside the transaction waits for it
// to end, so neither would finish; on PostgreSQL a pool of such transactions would hold every
// connection the build needs.
import t from 'tap'
import { eq, sql } from 'drizzle-orm'
import { demands } from '../../src/db/schema.js'
import { inTransaction } from '../../src/db/transaction.js'
import { createMatchingService } from '../../src/modules/matching/matching.service.js'
import { addMenuItem, buildTestApp, demandBody, enterpriseWithToken, teamWithToken } from '../helpers/app.js'

const ctx = await buildTestApp(t)
const { database } = ctx.db
const ent = await enterpriseWithToken(ctx)
const team = await teamWithToken(ctx, { capacity: 5 })
await addMenuItem(ctx, team.team.id)
const posted = await ctx.request({ method: 'POST', url: '/v1/demands', token: ent.token, body: demandBody() })
const [demand] = await database.db.select().from(demands).where(eq(demands.id, posted.body.id))

t.test('a transaction that needs the index while a build outside it is under way does not wait for that build', async (t) => {
  // The transaction starts after 0 to 4 other queries: so at some point of the build.
  for (let round = 0; round < 5; round++) {
    // A fresh service each round: nothing built yet, as after a start.
    const matching = createMatchingService({ database, cityCode: '4405' })
    await matching.ready()
    const warming = matching.warm()
    for (let k = 0; k < round; k++) await database.db.execute(sql`select 1`)
    const evaluated = inTransaction(database, (tx) => matching.evaluator.evaluate(tx, demand!, team.team.id, 'zh'))
    let timer: NodeJS.Timeout | undefined
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), 10_000)))
    const result = await Promise.race([evaluated, stuck])
    clearTimeout(timer)
    t.not(result, 'stuck', `round ${round + 1}: the transaction finished`)
    if (result === 'stuck') return
    t.match(result, { eligible: true, score: Number }, 'and scored the team')
    await warming
  }
})
