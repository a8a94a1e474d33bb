import { headerValue } from '../../core/http.ts'
import type { ValidatedRequest } from './validated-request.ts'

/**
 * The required request parameters of a method, `method.request.{header|path|querystring}.X: true`
 * (multi-value forms count as their single-value place). AWS checks that each is present and not
 * blank (developer guide, "Request validation for REST APIs in API Gateway") and names the missing ones — names only,
 * headers first, then path, then query string (recorded: test_apigateway_common > test_api_gateway_request_validator >
 * missing-all-required-request-params-post: `[x-header-param, issuer, qs1]`).
 */
export type MissingParameters = (request: ValidatedRequest) => string[]

type Place = 'header' | 'path' | 'querystring'

const PLACE_ORDER: readonly Place[] = ['header', 'path', 'querystring']
const PLACES: Readonly<Record<string, Place>> = {
  header: 'header', multivalueheader: 'header', path: 'path', querystring: 'querystring', multivaluequerystring: 'querystring',
}
const REQUIRED_PARAMETER = /^method\.request\.([a-z]+)\.(.+)$/

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === ''

export function compileMissingParameters(requestParameters: Readonly<Record<string, boolean>> | undefined): MissingParameters | undefined {
  const required: { place: Place; name: string }[] = []
  for (const [key, isRequired] of Object.entries(requestParameters ?? {})) {
    const match = REQUIRED_PARAMETER.exec(key)
    const place = match === null ? undefined : PLACES[match[1]]
    if (isRequired && place !== undefined) required.push({ place, name: match![2] })
  }
  if (required.length === 0) return undefined
  required.sort((a, b) => PLACE_ORDER.indexOf(a.place) - PLACE_ORDER.indexOf(b.place) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  return (request) => {
    const missing: string[] = []
    for (const { place, name } of required) {
      const present = place === 'header'
        ? !blank(headerValue(request.headers, name))
        : place === 'path'
          ? !blank(request.pathParameters[name])
          : (request.query.get(name) ?? []).some((value) => !blank(value))
      if (!present) missing.push(name)
    }
    return missing
  }
}
