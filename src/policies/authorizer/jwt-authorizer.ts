import type { OidcIssuerKeys } from './oidc-issuer-keys.ts'
import { JwtRejected, verifyJwt } from './verify-jwt.ts'

/** A JWT authorizer as a deployment compiles it (API reference v2, "JWTConfiguration"). */
export interface JwtAuthorizerSettings {
  readonly issuer: string
  readonly audience: readonly string[]
}

/** Why a token was refused: 401 for the token itself, 403 when it lacks the route's scopes; the `www-authenticate` value to send. */
export class JwtAuthorizerRejection extends Error {
  override readonly name = 'JwtAuthorizerRejection'
  readonly status: 401 | 403
  readonly wwwAuthenticate: string
  constructor(status: 401 | 403, wwwAuthenticate: string, message: string) {
    super(message)
    this.status = status
    this.wwwAuthenticate = wwwAuthenticate
  }
}

export interface JwtAuthorization {
  /** Every claim as a string (sample event: powertools-ts/apigw-http/jwt-authorizer-auth.json). */
  readonly claims: Record<string, string>
  /** The route's scopes the token holds; null when the route asks for none (same sample event). */
  readonly scopes: string[] | null
}

/**
 * An HTTP API JWT authorizer (developer guide, "Controlling access to HTTP APIs with JWT
 * authorizers"): the identity value, raw or after `Bearer `, must be an RS256 JWT signed by a key of
 * the issuer's JWKS with the same `kid`; `iss` the configured issuer; `aud` or `client_id` one of the
 * audiences; `exp` after now, `nbf` and `iat` not after it; with route scopes, `scope` or `scp` must
 * hold at least one. Refusals carry `www-authenticate` as the troubleshooting page shows it
 * (`Bearer scope="" error="invalid_token" error_description="..."`).
 */
export async function runJwtAuthorizer(
  identity: string | undefined, settings: JwtAuthorizerSettings, routeScopes: readonly string[], keys: OidcIssuerKeys, nowSeconds: number,
): Promise<JwtAuthorization> {
  const scopeText = routeScopes.join(' ')
  const invalid = (description: string): JwtAuthorizerRejection =>
    new JwtAuthorizerRejection(401, `Bearer scope="${scopeText}" error="invalid_token" error_description="${description}"`, description)
  if (identity === undefined || identity === '') throw new JwtAuthorizerRejection(401, 'Bearer', 'no token')
  const token = identity.replace(/^Bearer\s+/i, '')
  let claims: Record<string, unknown>
  try {
    ({ claims } = await verifyJwt(token, { issuer: settings.issuer, now: nowSeconds, key: (kid) => keys.key(settings.issuer, kid), tokenUse: false }))
  } catch (error) {
    if (!(error instanceof JwtRejected)) throw invalid('the signing keys could not be read')
    throw invalid(DESCRIPTIONS[error.reason])
  }
  if (typeof claims.iat === 'number' && claims.iat > nowSeconds) throw invalid('the token is not valid yet')
  const audiences = [claims.aud, claims.client_id].flat().filter((value) => typeof value === 'string')
  if (!audiences.some((audience) => settings.audience.includes(audience))) throw invalid('the token does not have a valid audience')
  let scopes: string[] | null = null
  if (routeScopes.length > 0) {
    const held = new Set(tokenScopes(claims))
    scopes = routeScopes.filter((scope) => held.has(scope))
    if (scopes.length === 0) {
      throw new JwtAuthorizerRejection(403, `Bearer scope="${scopeText}" error="insufficient_scope" error_description="expected scopes: ${scopeText}"`, 'insufficient scope')
    }
  }
  return { claims: stringClaims(claims), scopes }
}

const DESCRIPTIONS: Readonly<Record<JwtRejected['reason'], string>> = {
  malformed: 'the token is malformed',
  algorithm: 'the token is not signed with a supported algorithm',
  'unknown-key': 'the token\'s key id is not in the issuer\'s keys',
  signature: 'the token signature is invalid',
  issuer: 'the token does not have a valid issuer',
  expired: 'the token has expired',
  'not-yet-valid': 'the token is not valid yet',
  'token-use': 'the token is malformed',
  audience: 'the token does not have a valid audience',
}

function tokenScopes(claims: Record<string, unknown>): string[] {
  const out: string[] = []
  for (const claim of [claims.scope, claims.scp]) {
    if (typeof claim === 'string') out.push(...claim.split(' ').filter((s) => s !== ''))
    else if (Array.isArray(claim)) out.push(...claim.filter((s) => typeof s === 'string'))
  }
  return out
}

/**
 * Claims as the integration sees them: every value a string, numbers as epoch strings; a list as
 * `[a b]`, as users report for `cognito:groups` (no capture has one); other objects as JSON.
 */
function stringClaims(claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(claims)) {
    if (value === null || value === undefined) continue
    out[name] = Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  return out
}
