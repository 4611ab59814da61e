// Ceilings for light GETs, each a bare fastify route in its own process:
// /hello is hello-world; /sized?bytes=N answers N bytes of JSON with the security headers
// the service sends on every answer, to show how much of a light GET is just its bytes.
import Fastify from 'fastify'
import { helmetHeaders } from '../src/plugins/security.js'

const app = Fastify({ logger: false })
app.get('/hello', async () => ({ hello: 'world' }))
const headers = helmetHeaders({ defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] })
const bodies = new Map<number, Buffer>()
app.get('/sized', async (req, reply) => {
  const bytes = Math.min(Number((req.query as { bytes?: string }).bytes) || 100, 100_000)
  let body = bodies.get(bytes)
  if (!body) bodies.set(bytes, (body = Buffer.from(JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) }))))
  return reply.headers(headers).header('x-request-id', '01a2266e-9ee6-7127-acb1-26b7a1521eae').type('application/json; charset=utf-8').send(body)
})
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
