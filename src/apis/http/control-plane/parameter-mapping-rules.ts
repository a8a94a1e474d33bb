import { HTTP_API_RESERVED_HEADER } from '../../../mapping/http-api-reserved-headers.ts'
import { V2_MESSAGES } from './messages.ts'

const REQUEST_KEY = /^(append|overwrite|remove):(header|querystring)\.(.+)$/
const RESPONSE_KEY = /^(append|overwrite|remove):header\.(.+)$/
const STATUS_CODE = /^[1-5][0-9][0-9]$/

/**
 * An integration's `RequestParameters` and `ResponseParameters` as HTTP APIs take them (developer
 * guide, "Transforming API requests and responses"): request keys `append|overwrite|remove:header.<name>`,
 * `...:querystring.<name>` and `overwrite:path`; response mappings by status code, with
 * `...:header.<name>` and `overwrite:statuscode`; `remove:` takes `""`. Reserved headers cannot be
 * mapped (same page, "Reserved headers"). Refused when written, never at request time.
 */
export function checkRequestParameters(parameters: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries(parameters)) {
    if (key === 'overwrite:path') continue
    const match = REQUEST_KEY.exec(key)
    if (match === null) throw V2_MESSAGES.invalidMapping(`Invalid mapping key ${key}: use append|overwrite|remove:header.<name>, append|overwrite|remove:querystring.<name> or overwrite:path`)
    if (match[2] === 'header' && HTTP_API_RESERVED_HEADER.test(match[3])) throw V2_MESSAGES.invalidMapping(`Operations on header ${match[3]} are restricted`)
    checkValue(match[1], key, value)
  }
}

export function checkResponseParameters(parameters: Readonly<Record<string, Readonly<Record<string, string>>>>): void {
  for (const [status, mappings] of Object.entries(parameters)) {
    if (!STATUS_CODE.test(status)) throw V2_MESSAGES.invalidMapping(`Invalid status code ${status}: response parameters are keyed by a status code from 100 to 599`)
    for (const [key, value] of Object.entries(mappings)) {
      if (key === 'overwrite:statuscode') {
        if (!STATUS_CODE.test(value) && !value.startsWith('$')) throw V2_MESSAGES.invalidMapping(`Invalid status code ${value} for overwrite:statuscode`)
        continue
      }
      const match = RESPONSE_KEY.exec(key)
      if (match === null) throw V2_MESSAGES.invalidMapping(`Invalid Response Actioned Parameter ${key}: use append|overwrite|remove:header.<name> or overwrite:statuscode`)
      if (HTTP_API_RESERVED_HEADER.test(match[2])) throw V2_MESSAGES.invalidMapping(`Operations on header ${match[2]} are restricted`)
      checkValue(match[1], key, value)
    }
  }
}

function checkValue(action: string, key: string, value: string): void {
  if (action === 'remove') {
    if (value !== '') throw V2_MESSAGES.invalidMapping(`${key} takes "" as its value`)
    return
  }
  if (value === '') throw V2_MESSAGES.invalidMapping(`Invalid mapping expression specified: ${key} needs a value`)
}
