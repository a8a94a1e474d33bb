import { badRequest } from '../../core/management-error.ts'

/**
 * v1 list paging (API reference, the `position` and `limit` of every v1 list call): `?position=&limit=`, default 25, at most 500, answered as
 * `{"item": [...], "position": "<next>"}` — the wire key is `item`; the SDK model maps it to `items`.
 * The position token is opaque to clients; ours is the offset of the next page.
 */

export const DEFAULT_LIMIT = 25
export const MAX_LIMIT = 500

export interface Page<T> {
  item: T[]
  position?: string
}

export function paginate<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const limit = readLimit(query.get('limit'))
  const offset = readPosition(query.get('position'))
  const item = items.slice(offset, offset + limit)
  const next = offset + limit
  return next < items.length ? { item, position: String(next) } : { item }
}

function readLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_LIMIT
  const limit = Number(raw)
  // AWS documents the bounds, not the answer to a value outside them: clamp rather than fail.
  if (!Number.isInteger(limit) || limit < 1) return DEFAULT_LIMIT
  return Math.min(limit, MAX_LIMIT)
}

function readPosition(raw: string | null): number {
  if (raw === null || raw === '') return 0
  if (!/^\d{1,9}$/.test(raw)) throw badRequest(`Invalid position specified: ${raw}`)
  return Number(raw)
}
