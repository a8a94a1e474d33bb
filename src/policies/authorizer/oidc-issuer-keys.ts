import type { KeyObject } from 'node:crypto'
import { parseJwks } from './user-pool-registry.ts'
import type { UserPoolKeys } from './user-pool-keys.ts'

/**
 * The signing keys of an OIDC issuer, as an HTTP API JWT authorizer finds them (developer guide,
 * "Controlling access to HTTP APIs with JWT authorizers"): `{issuer}/.well-known/openid-configuration`
 * names the `jwks_uri`, whose RSA keys are used by `kid`. Discovery and the JWKS each get 1500 ms and
 * the JWKS at most 150000 bytes (developer guide, "Amazon API Gateway quotas", HTTP APIs). An issuer
 * that gatehouse.yaml `userPools` configures is read from there instead, so `gatehouse token` tokens
 * (a pool marked `gatehouse: true`) and local JWKS files verify offline.
 */
export class OidcIssuerKeys {
  readonly #userPools: UserPoolKeys
  readonly #issuers = new Map<string, { keys: Promise<Map<string, KeyObject>>; readAt: number }>()

  constructor(userPools: UserPoolKeys) {
    this.#userPools = userPools
  }

  async key(issuer: string, kid: string): Promise<KeyObject | undefined> {
    const pool = this.#userPools.findIssuer?.(issuer)
    if (pool !== undefined) return pool.key(kid)
    let entry = this.#issuers.get(issuer)
    // A kid not seen yet may be a rotated key: read the JWKS again, at most once a minute.
    if (entry === undefined || (!(await entry.keys.catch(() => new Map())).has(kid) && Date.now() - entry.readAt > REFRESH_MS)) {
      entry = { keys: discoverKeys(issuer), readAt: Date.now() }
      this.#issuers.set(issuer, entry)
      entry.keys.catch(() => this.#issuers.delete(issuer))
    }
    return (await entry.keys).get(kid)
  }
}

const FETCH_TIMEOUT_MS = 1500
const MAX_JWKS_BYTES = 150_000
const REFRESH_MS = 60_000

async function discoverKeys(issuer: string): Promise<Map<string, KeyObject>> {
  const discovery = await fetchText(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
  const { jwks_uri: jwksUri } = JSON.parse(discovery) as { jwks_uri?: unknown }
  if (typeof jwksUri !== 'string') throw new Error(`the discovery document of ${issuer} names no jwks_uri`)
  return parseJwks(await fetchText(jwksUri))
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
  if (!response.ok) throw new Error(`${url} answered ${response.status}`)
  const text = await response.text()
  if (Buffer.byteLength(text) > MAX_JWKS_BYTES) throw new Error(`${url} is larger than ${MAX_JWKS_BYTES} bytes`)
  return text
}
