// Bearer-token authentication. Every /v1 route declares who may call it in
// `config.access` (checked when the route is registered); the hook answers 401 for a
// missing or bad token and 403 for a role the route does not admit.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Role } from '../domain/codes/codes.js'
import { errors } from '../lib/errors.js'

export interface Principal {
  tokenId: string
  role: Role
  enterpriseId: string | null
  teamId: string | null
}

export type Access = 'public' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    principal: Principal | null
  }
}

export interface AuthOptions {
  authenticate(secret: string): Promise<Principal | null>
}

function bearer(header: string | undefined): string | null | undefined {
  if (header === undefined) return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return m ? m[1]! : null
}

export default fp<AuthOptions>(
  async function authPlugin(app: FastifyInstance, opts) {
    app.decorateRequest('principal', null)

    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/v1') || route.method === 'HEAD') return
      if (route.config?.access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no access`)
    })

    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access
      if (access === undefined) return
      const secret = bearer(request.headers.authorization)
      if (secret === undefined) {
        if (access === 'public') return
        throw errors.unauthorized('missing')
      }
      const principal = secret ? await opts.authenticate(secret) : null
      // A bad token is refused even on public routes, so clients learn of it early.
      if (!principal) throw errors.unauthorized('invalid')
      request.principal = principal
      if (access !== 'public' && !access.includes(principal.role)) throw errors.forbidden()
    })
  },
  { name: 'auth' },
)
