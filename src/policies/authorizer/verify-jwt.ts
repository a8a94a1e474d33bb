import { verify, type KeyObject } from 'node:crypto'

/**
 * Verifies a Cognito user pool JWT with node:crypto — no JWT library, so nothing but RS256 can ever
 * be accepted: the header must say `alg: RS256` (so `none` and HS256 "key confusion" tokens fail
 * before any key is used), the key must be an RSA public key from the pool's JWKS, and the
 * signature must verify. Claims are then checked against the pool and the injected clock.
 */

export type JwtRejection = 'malformed' | 'algorithm' | 'unknown-key' | 'signature' | 'issuer' | 'expired' | 'not-yet-valid' | 'token-use' | 'audience'

export class JwtRejected extends Error {
  override readonly name = 'JwtRejected'
  readonly reason: JwtRejection
  constructor(reason: JwtRejection) {
    super(`token rejected: ${reason}`)
    this.reason = reason
  }
}

export interface DecodedJwt {
  readonly header: Record<string, unknown>
  readonly claims: Record<string, unknown>
}

export interface JwtExpectations {
  readonly issuer: string
  /** Seconds since the epoch. */
  readonly now: number
  readonly key: (kid: string) => Promise<KeyObject | undefined>
  /** The pool's app clients: an id token's `aud`, an access token's `client_id`, must be one (when set). */
  readonly clientIds?: readonly string[]
  /** Cognito's tokens carry `token_use`; an OIDC issuer's need not (false: not checked). */
  readonly tokenUse?: false
}

const JWT = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/

function decodePart(part: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    throw new JwtRejected('malformed')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new JwtRejected('malformed')
  return value as Record<string, unknown>
}

export async function verifyJwt(token: string, expect: JwtExpectations): Promise<DecodedJwt> {
  const match = JWT.exec(token)
  if (match === null) throw new JwtRejected('malformed')
  const [, headerPart, claimsPart, signaturePart] = match
  const header = decodePart(headerPart)
  const claims = decodePart(claimsPart)
  if (header.alg !== 'RS256') throw new JwtRejected('algorithm')
  if (typeof header.kid !== 'string') throw new JwtRejected('unknown-key')
  const key = await expect.key(header.kid)
  if (key === undefined || key.type !== 'public' || key.asymmetricKeyType !== 'rsa') throw new JwtRejected('unknown-key')
  const signature = Buffer.from(signaturePart, 'base64url')
  if (signature.length === 0 || !verify('RSA-SHA256', Buffer.from(`${headerPart}.${claimsPart}`), key, signature)) {
    throw new JwtRejected('signature')
  }
  if (claims.iss !== expect.issuer) throw new JwtRejected('issuer')
  if (typeof claims.exp !== 'number' || expect.now >= claims.exp) throw new JwtRejected('expired')
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || expect.now < claims.nbf)) throw new JwtRejected('not-yet-valid')
  if (expect.tokenUse !== false && claims.token_use !== 'id' && claims.token_use !== 'access') throw new JwtRejected('token-use')
  if (expect.clientIds !== undefined) {
    const client = claims.token_use === 'id' ? claims.aud : claims.client_id
    if (typeof client !== 'string' || !expect.clientIds.includes(client)) throw new JwtRejected('audience')
  }
  return { header, claims }
}
