import { and, desc, eq, gte, ilike, lt, or, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import type { Database } from '../../db/client.js'
import { isUniqueViolation } from '../../db/transaction.js'
import { enterprises } from '../../db/schema.js'
import type { EnterpriseSize, Industry } from '../../domain/codes/codes.js'
import { errors } from '../../lib/errors.js'
import { newId } from '../../lib/ids.js'
import { decodeCursor, pageOf } from '../../lib/pagination.js'
import type { Principal } from '../../plugins/auth.js'
import { writeAudit } from '../audit/audit.repository.js'
import type { Districts } from '../codes/districts.js'
import type { EnterpriseCreate, EnterpriseListQuery, EnterprisePatch } from './enterprises.schemas.js'
import { SELF_EDITABLE } from './enterprises.schemas.js'

type Row = typeof enterprises.$inferSelect

const duplicateCreditCode = () =>
  errors.conflict(
    'enterprise.duplicate_credit_code',
    { zh: '企业已存在', en: 'Enterprise exists' },
    { zh: '该统一社会信用代码已登记', en: 'An enterprise with this credit code is already registered' },
  )

export function createEnterpriseService({ database, districts }: { database: Database; districts: Districts }) {
  const { db } = database
  const view = (r: Row) => ({
    id: r.id,
    name: r.name,
    creditCode: r.creditCode,
    districtCode: r.districtCode,
    districtName: districts.name(r.districtCode),
    address: r.address,
    industry: r.industry as Industry,
    size: r.size as EnterpriseSize,
    specialized: r.specialized,
    contact: { name: r.contactName, phone: r.contactPhone },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  })
  // An enterprise sees only itself; others' records are "not found", never "forbidden".
  const visible = (p: Principal): SQL | undefined => (p.role === 'admin' ? undefined : eq(enterprises.id, p.enterpriseId ?? '00000000-0000-0000-0000-000000000000'))

  async function get(id: string, actor: Principal) {
    const [row] = await db.select().from(enterprises).where(and(eq(enterprises.id, id), visible(actor)))
    if (!row) throw errors.notFound('enterprise', '企业')
    return row
  }

  return {
    view,
    async create(input: z.output<typeof EnterpriseCreate>, actor: Principal) {
      districts.assertInCity(input.districtCode, 'districtCode')
      const id = newId()
      try {
        const row = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(enterprises)
            .values({
              id,
              name: input.name,
              creditCode: input.creditCode,
              districtCode: input.districtCode,
              address: input.address,
              industry: input.industry,
              size: input.size,
              specialized: input.specialized,
              contactName: input.contact.name,
              contactPhone: input.contact.phone,
            })
            .returning()
          await writeAudit(tx, { actor, objectType: 'enterprise', objectId: id, action: 'enterprise.created', data: { name: input.name, creditCode: input.creditCode } })
          return row!
        })
        return view(row)
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicateCreditCode()
        throw err
      }
    },

    async get(id: string, actor: Principal) {
      return view(await get(id, actor))
    },

    async list(q: z.output<typeof EnterpriseListQuery>, actor: Principal) {
      const where: (SQL | undefined)[] = [visible(actor)]
      const before = decodeCursor(q.cursor)
      if (before) where.push(lt(enterprises.id, before))
      if (q.updatedSince) where.push(gte(enterprises.updatedAt, new Date(q.updatedSince)))
      if (q.districtCode) where.push(eq(enterprises.districtCode, q.districtCode))
      if (q.industry) where.push(eq(enterprises.industry, q.industry))
      if (q.q) {
        const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
        where.push(or(ilike(enterprises.name, like), eq(enterprises.creditCode, q.q.toUpperCase())))
      }
      const rows = await db.select().from(enterprises).where(and(...where)).orderBy(desc(enterprises.id)).limit(q.limit + 1)
      const p = pageOf(rows, q.limit)
      return { items: p.items.map(view), nextCursor: p.nextCursor }
    },

    async patch(id: string, input: z.output<typeof EnterprisePatch>, actor: Principal) {
      if (actor.role !== 'admin') {
        const notAllowed = Object.keys(input).filter((k) => !(SELF_EDITABLE as readonly string[]).includes(k))
        if (notAllowed.length)
          throw errors.forbidden({ zh: `企业不能自行修改：${notAllowed.join('、')}`, en: `An enterprise may not change: ${notAllowed.join(', ')}` })
      }
      if (input.districtCode) districts.assertInCity(input.districtCode, 'districtCode')
      try {
        const row = await db.transaction(async (tx) => {
          const [before] = await tx.select().from(enterprises).where(and(eq(enterprises.id, id), visible(actor))).for('update')
          if (!before) throw errors.notFound('enterprise', '企业')
          const { contact, ...rest } = input
          const [row] = await tx
            .update(enterprises)
            .set({ ...rest, ...(contact ? { contactName: contact.name, contactPhone: contact.phone } : {}), updatedAt: new Date() })
            .where(eq(enterprises.id, id))
            .returning()
          // Phone numbers are personal data: the audit row names the changed fields, not their values.
          await writeAudit(tx, { actor, objectType: 'enterprise', objectId: id, action: 'enterprise.updated', data: { fields: Object.keys(input) } })
          return row!
        })
        return view(row)
      } catch (err) {
        if (isUniqueViolation(err)) throw duplicateCreditCode()
        throw err
      }
    },
  }
}

export type EnterpriseService = ReturnType<typeof createEnterpriseService>
