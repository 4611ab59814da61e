// The OpenAPI document is generated from the routes' zod schemas; openapi.yaml at the
// root is this output, committed, and a test fails when the two drift apart.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
})

const PROBLEMS: Record<string, string> = {
  '400': 'Invalid request (problem+json lists each field)',
  '401': 'No or bad token',
  '403': 'Wrong role, or an object the caller may read but not change',
  '404': 'Not found, or not visible to the caller',
  '409': 'State conflict',
  '413': 'Body too large',
  '415': 'Unsupported content type',
  '422': 'Idempotency-Key reused with another body',
}

type TransformArgs = Parameters<typeof jsonSchemaTransform>[0]

export default fp(
  async function swaggerPlugin(app: FastifyInstance, opts: { version: string }) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: '助企行 API',
          version: opts.version,
          description:
            '劳模工匠助企行: enterprises post demands (需求点单), teams publish menus (资源菜单), the union dispatches (工会送菜). Errors are application/problem+json with a stable `code`.',
          license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
        },
        servers: [{ url: 'http://localhost:3000', description: 'Local' }],
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Opaque token issued by an admin' } },
        },
        tags: [
          { name: 'health', description: 'Liveness' },
          { name: 'codes', description: 'Code lists' },
          { name: 'tokens', description: 'Bearer tokens (admin)' },
          { name: 'enterprises', description: 'Enterprises' },
          { name: 'demands', description: '需求点单' },
          { name: 'teams', description: '劳模工匠技术服务队 and their 资源菜单' },
          { name: 'menu', description: '资源菜单 (public)' },
          { name: 'matching', description: '精准匹配 and batch dispatch' },
          { name: 'assignments', description: '工会送菜: assignments and their outcomes' },
          { name: 'activities', description: '活动: service visits, trainings and exchanges by the teams' },
          { name: 'metrics', description: 'Impact figures (成效) and the records behind each' },
          { name: 'reports', description: 'Impact report and activity ledger (活动台账) as JSON, CSV or XLSX' },
          { name: 'audit', description: 'Audit trail (admin)' },
        ],
      },
      transform: (args: TransformArgs) => {
        const out = jsonSchemaTransform(args) as { schema: Record<string, unknown>; url: string }
        const access = args.route.config?.access
        const codes = new Set(['400'])
        const { schema } = out
        if (access !== undefined && access !== 'public') codes.add('401').add('403')
        if (args.url.includes(':')) codes.add('404')
        if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(String(args.route.method))) codes.add('409').add('413').add('415')
        if (schema.headers && JSON.stringify(schema.headers).includes('idempotency-key')) codes.add('422')
        const response = { ...((schema.response as Record<string, unknown>) ?? {}) }
        for (const c of codes) response[c] ??= problem(PROBLEMS[c]!)
        return {
          ...out,
          schema: {
            ...schema,
            response,
            operationId: operationId(String(args.route.method), args.url),
            // Public routes take an optional token (it can unlock more, e.g. groups of the metrics).
            security: (access === undefined ? [] : access === 'public' ? [{}, { bearer: [] }] : [{ bearer: [] }]) as Array<Record<string, string[]>>,
          },
        }
      },
      transformObject: (doc) => tidyComponents(jsonSchemaTransformObject(doc) as OpenApiDoc) as never,
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
  },
  { name: 'swagger' },
)

type OpenApiDoc = { paths?: unknown; components?: { schemas?: Record<string, unknown> } }

/**
 * The type provider emits an input and an output variant of every registered schema;
 * keep only those the paths reach, and drop the `Input` suffix where no output twin is left.
 */
function tidyComponents(doc: OpenApiDoc): OpenApiDoc {
  const schemas = doc.components?.schemas
  if (!schemas) return doc
  const refsIn = (node: unknown, found: Set<string>) => {
    const text = JSON.stringify(node)
    for (const m of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) found.add(m[1]!)
    return found
  }
  const used = refsIn(doc.paths, new Set())
  for (let grew = true; grew; ) {
    grew = false
    for (const name of [...used]) for (const r of refsIn(schemas[name], new Set())) if (!used.has(r)) used.add(r), (grew = true)
  }
  const renames = new Map<string, string>()
  for (const name of used) if (name.endsWith('Input') && !used.has(name.slice(0, -5))) renames.set(name, name.slice(0, -5))
  const kept: Record<string, unknown> = {}
  for (const name of Object.keys(schemas).sort()) if (used.has(name)) kept[renames.get(name) ?? name] = schemas[name]
  const rename = (text: string) => text.replace(/"#\/components\/schemas\/([^"]+)"/g, (_m, n: string) => `"#/components/schemas/${renames.get(n) ?? n}"`)
  return JSON.parse(rename(JSON.stringify({ ...doc, components: { ...doc.components, schemas: kept } })))
}

/** `POST /v1/demands/:id/cancel` → `postDemandsIdCancel`: stable, unique, readable. */
function operationId(method: string, url: string): string {
  const words = url
    .replace(/^\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => (p.startsWith(':') ? `By${p.slice(1)}` : p))
    .flatMap((p) => p.split('-'))
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
}
