import { createPublicKey, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { LocalIdentityProvider } from './local-identity-provider.ts'
import { userPoolIssuer } from './local-identity-provider.ts'
import type { UserPool, UserPoolKeys } from './user-pool-keys.ts'

/** A user pool as gatehouse.yaml maps it (`userPools: {<pool ARN>: ...}`). */
export interface UserPoolConfig {
  /** The issuer its tokens carry; defaults to the Cognito URL built from the ARN. */
  readonly issuer?: string
  /** Where its JWKS is: a URL (default `{issuer}/.well-known/jwks.json`, as Cognito serves it)... */
  readonly jwksUri?: string
  /** ...or a local file, relative to gatehouse.yaml. */
  readonly jwksFile?: string
  /** Tokens minted by `gatehouse token` (Gatehouse's own key) instead. */
  readonly gatehouse?: boolean
  /** The pool's app client ids: when given, tokens of any other client are refused. */
  readonly clientIds?: readonly string[]
}

/** A JWKS is read again at most this often, when a token names a key it does not have (key rotation). */
const REFRESH_MS = 60_000

/** The user pools of gatehouse.yaml, their keys read lazily and kept. */
export function createUserPoolKeys(
  pools: Readonly<Record<string, UserPoolConfig>>,
  options: { baseDir: string; localIdentityProvider?: () => LocalIdentityProvider },
): UserPoolKeys {
  const found = new Map<string, UserPool>()
  for (const [arn, config] of Object.entries(pools)) {
    const issuer = config.issuer ?? userPoolIssuer(arn)
    if (issuer === undefined) continue
    found.set(arn, { arn, issuer, clientIds: config.clientIds, key: keyReader(issuer, config, options) })
  }
  const byIssuer = new Map([...found.values()].map((pool) => [pool.issuer.replace(/\/$/, ''), pool]))
  return { find: (arn) => found.get(arn), findIssuer: (issuer) => byIssuer.get(issuer.replace(/\/$/, '')) }
}

function keyReader(
  issuer: string,
  config: UserPoolConfig,
  options: { baseDir: string; localIdentityProvider?: () => LocalIdentityProvider },
): (kid: string) => Promise<KeyObject | undefined> {
  if (config.gatehouse === true) {
    return async (kid) => {
      const idp = options.localIdentityProvider?.()
      return idp !== undefined && idp.kid === kid ? idp.publicKey : undefined
    }
  }
  let keys: Promise<Map<string, KeyObject>> | undefined
  let readAt = 0
  const load = async (): Promise<Map<string, KeyObject>> => {
    const text = config.jwksFile !== undefined
      ? await readFile(resolve(options.baseDir, config.jwksFile), 'utf8')
      : await (await fetch(config.jwksUri ?? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`, { signal: AbortSignal.timeout(5_000) })).text()
    return parseJwks(text)
  }
  return async (kid) => {
    if (keys === undefined || (!(await keys).has(kid) && Date.now() - readAt > REFRESH_MS)) {
      readAt = Date.now()
      keys = load()
      keys.catch(() => (keys = undefined))
    }
    return (await keys).get(kid)
  }
}

/** The RSA signing keys of a JWKS document, by `kid`; anything else in it is ignored. */
export function parseJwks(text: string): Map<string, KeyObject> {
  const document = JSON.parse(text) as { keys?: unknown }
  const keys = new Map<string, KeyObject>()
  for (const jwk of Array.isArray(document.keys) ? document.keys : []) {
    if (typeof jwk !== 'object' || jwk === null) continue
    const { kid, kty, use } = jwk as Record<string, unknown>
    if (typeof kid !== 'string' || kty !== 'RSA' || (use !== undefined && use !== 'sig')) continue
    keys.set(kid, createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }))
  }
  return keys
}
