// A ceiling for intake: a bare fastify route that validates the body (JSON schema) and
// inserts the demand row with one postgres.js INSERT — no auth, no idempotency, no audit,
// no view. Run by bench/run.ts in its own process against the bench database.
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import postgres from 'postgres'

const sql = postgres(process.env.DATABASE_URL!, { max: 10 })
const enterpriseId = process.env.BENCH_ENTERPRISE_ID!
const app = Fastify({ logger: false })
const strings = { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 20 }
app.post(
  '/v1/demands',
  {
    schema: {
      body: {
        type: 'object',
        required: ['title', 'description', 'serviceKinds'],
        properties: {
          title: { type: 'string', maxLength: 200 },
          description: { type: 'string', maxLength: 5000 },
          serviceKinds: strings,
          skills: strings,
          urgency: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
          traineesWanted: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
  async (req, reply) => {
    const b = req.body as { title: string; description: string; serviceKinds: string[]; skills?: string[]; urgency?: string; traineesWanted?: number }
    const [row] = await sql`
      insert into demands (id, enterprise_id, title, description, service_kinds, skills, industry, district_code, urgency, trainees_wanted, status)
      values (${randomUUID()}, ${enterpriseId}, ${b.title}, ${b.description}, ${b.serviceKinds}, ${b.skills ?? []}, 'toys_creative', '440515', ${b.urgency ?? 'medium'}, ${b.traineesWanted ?? null}, 'open')
      returning *`
    return reply.code(201).send(row)
  },
)
app.get('/hello', async () => ({ hello: 'world' }))
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
