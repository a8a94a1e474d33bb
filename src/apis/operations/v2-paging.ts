import { badRequest } from '../../core/management-error.ts'

/**
 * v2 list paging (API reference v2, every `Get*s` call): `?maxResults=&nextToken=`, answered as
 * `{"items": [...], "nextToken": "<next>"}`. The token is opaque to clients; ours is the offset of
 * the next page. Without `maxResults` everything comes in one page, as AWS's v2 lists do for the
 * sizes an API has.
 */

export const V2_MAX_RESULTS = 500

export interface V2Page<T> {
  items: T[]
  nextToken?: string
}

export function paginateV2<T>(items: readonly T[], query: URLSearchParams): V2Page<T> {
  const rawMax = query.get('maxResults')
  let max = items.length
  if (rawMax !== null && rawMax !== '') {
    const value = Number(rawMax)
    if (!Number.isInteger(value) || value < 1 || value > V2_MAX_RESULTS) throw badRequest(`Invalid maxResults ${rawMax}: give a number from 1 to ${V2_MAX_RESULTS}`)
    max = value
  }
  const rawToken = query.get('nextToken')
  let offset = 0
  if (rawToken !== null && rawToken !== '') {
    if (!/^\d{1,9}$/.test(rawToken)) throw badRequest('Invalid nextToken')
    offset = Number(rawToken)
  }
  const page = items.slice(offset, offset + max)
  const next = offset + max
  return next < items.length ? { items: page, nextToken: String(next) } : { items: page }
}
