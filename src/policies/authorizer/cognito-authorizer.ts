import type { AuthorizerRequest } from './authorizer-request.ts'
import type { AuthorizerDeps } from './authorizer-deps.ts'
import { authorizerConfigurationError, unauthorized } from './authorizer-errors.ts'
import type { AuthorizerResult } from './authorizer-result.ts'
import type { CompiledAuthorizer } from './compiled-authorizer.ts'
import { readIdentity } from './identity.ts'
import { JwtRejected, verifyJwt } from './verify-jwt.ts'
import { GatewayError } from '../../core/gateway-error.ts'

/**
 * A COGNITO_USER_POOLS authorizer (developer guide, "Control access to REST APIs using Amazon
 * Cognito user pools as an authorizer"): the token in the identity-source header must be a JWT of
 * one of the `providerARNs` pools — RS256 signature from the pool's JWKS, the pool's issuer, not
 * expired nor before `nbf` (the injected clock), `token_use` id or access, and from one of the
 * pool's app clients when Gatehouse knows them, and an `aud` matching the authorizer's
 * `identityValidationExpression` when it has one (API reference: for COGNITO_USER_POOLS the
 * expression is matched against `aud`, so access tokens, which have none, fail it). A method without
 * `authorizationScopes` takes only id tokens; one with them takes only an
 * access token whose `scope` holds one of them. Any failure is 401; an expired token says so, as
 * AWS does (`401 {"message":"The incoming token has expired"}`, reported in aws-amplify/amplify-js#6060).
 */
export async function runCognitoAuthorizer(authorizer: CompiledAuthorizer, request: AuthorizerRequest, deps: AuthorizerDeps): Promise<AuthorizerResult> {
  const [raw] = readIdentity(authorizer, request)
  const token = raw.replace(/^Bearer\s+/i, '')
  const pools = authorizer.providerARNs.map((arn) => deps.userPools.find(arn)).filter((pool) => pool !== undefined)
  if (pools.length === 0) {
    deps.logger.warn({ authorizer: authorizer.id, providerARNs: authorizer.providerARNs }, 'Execution failed due to configuration error: no user pool of this authorizer is configured (gatehouse.yaml userPools)')
    throw authorizerConfigurationError()
  }
  const now = Math.floor(deps.clock.now() / 1000)
  // A token verified before is not verified again for the TTL (the authorizer's result cache, as for
  // Lambda authorizers); its time claims and the method's scopes are still checked on every request.
  const cacheKey = { restApiId: request.served.restApiId, stageName: request.served.stageName, authorizerId: authorizer.id, identity: [token] }
  const cached = authorizer.ttlMs > 0 ? await deps.cache.get(cacheKey) as Record<string, unknown> | undefined : undefined
  if (cached !== undefined) {
    if (typeof cached.exp !== 'number' || now >= cached.exp) throw new GatewayError('UNAUTHORIZED', 'The incoming token has expired')
    checkAudience(authorizer, cached)
    checkScopes(request.method.method.authorizationScopes, cached)
    return { context: { claims: cachedStringClaims(cached) } }
  }
  let rejection: JwtRejected | undefined
  for (const pool of pools) {
    try {
      const { claims } = await verifyJwt(token, { issuer: pool.issuer, now, key: (kid) => pool.key(kid), clientIds: pool.clientIds })
      // Cached only once valid (nbf passed), so the cached copy needs no nbf check.
      await deps.cache.set(cacheKey, claims, authorizer.ttlMs)
      checkAudience(authorizer, claims)
      checkScopes(request.method.method.authorizationScopes, claims)
      return { context: { claims: stringClaims(claims) } }
    } catch (error) {
      if (error instanceof GatewayError) throw error
      if (!(error instanceof JwtRejected)) {
        deps.logger.warn({ err: error, authorizer: authorizer.id }, 'Execution failed: the user pool keys could not be read')
        throw authorizerConfigurationError(error)
      }
      // Another pool of the authorizer may have issued it; the issuer check tells them apart.
      if (rejection === undefined || error.reason !== 'issuer') rejection = error
    }
  }
  if (rejection?.reason === 'expired') throw new GatewayError('UNAUTHORIZED', 'The incoming token has expired')
  throw unauthorized()
}

function checkAudience(authorizer: CompiledAuthorizer, claims: Record<string, unknown>): void {
  if (authorizer.validation !== undefined && (typeof claims.aud !== 'string' || !authorizer.validation.test(claims.aud))) throw unauthorized()
}

/**
 * Without scopes on the method only an id token passes; with scopes, only an access token carrying
 * one of them (developer guide; AWS Knowledge Center "troubleshoot 401 Unauthorized errors ... Amazon
 * Cognito user pool": "If there are no additional scopes configured ... use a valid ID token").
 */
function checkScopes(scopes: readonly string[] | undefined, claims: Record<string, unknown>): void {
  if (scopes === undefined || scopes.length === 0) {
    if (claims.token_use !== 'id') throw unauthorized()
    return
  }
  if (claims.token_use !== 'access' || typeof claims.scope !== 'string') throw unauthorized()
  const granted = new Set(claims.scope.split(' '))
  if (!scopes.some((scope) => granted.has(scope))) throw unauthorized()
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Java's `Date.toString()` in UTC: `Tue Jun 18 15:00:04 UTC 2024` (sample event: powertools-ts/apigw-rest/jwt-authorizer-auth.json). */
export function javaDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
}

/**
 * The string claims of a cached token's claims, worked out once per claims object: the memory cache hands out the
 * same one to every request with that token. Frozen, since those requests share it.
 */
const STRING_CLAIMS = new WeakMap<Record<string, unknown>, Readonly<Record<string, string>>>()

function cachedStringClaims(claims: Record<string, unknown>): Readonly<Record<string, string>> {
  let strings = STRING_CLAIMS.get(claims)
  if (strings === undefined) STRING_CLAIMS.set(claims, (strings = Object.freeze(stringClaims(claims))))
  return strings
}

/**
 * Every claim as a string, `exp`/`iat` as Java dates, `auth_time` left as epoch seconds (same sample event);
 * a list such as `cognito:groups` comma-joined, as REST integrations (e.g. Chalice's group checks)
 * split it; any other object as JSON.
 */
function stringClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(claims)) {
    if (value === null || value === undefined) continue
    if ((name === 'exp' || name === 'iat') && typeof value === 'number') out[name] = javaDate(value)
    else if (Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)) out[name] = value.join(',')
    else out[name] = typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  return out
}
