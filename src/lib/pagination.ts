// Keyset pagination over time-ordered ids, newest first. The cursor is the last id of a page.
import { errors } from './errors.js'

export function encodeCursor(id: string): string {
  return Buffer.from(id.replaceAll('-', ''), 'hex').toString('base64url')
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined
  const hex = Buffer.from(cursor, 'base64url').toString('hex')
  if (hex.length !== 32) throw errors.badRequest('pagination.bad_cursor', { zh: 'cursor 无效', en: 'Invalid cursor' }, { errors: [{ path: 'query.cursor', code: 'bad_cursor', message: 'cursor 无效' }] })
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Given limit+1 rows, the page and the cursor of the next one. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null }
}

/** Asia/Shanghai has been UTC+8 without DST since 1991, so day bounds are fixed offsets. */
export const dayStart = (isoDate: string) => new Date(`${isoDate}T00:00:00+08:00`)
export const dayAfter = (isoDate: string) => new Date(dayStart(isoDate).getTime() + 86_400_000)
export const todayInShanghai = (now = new Date()) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
