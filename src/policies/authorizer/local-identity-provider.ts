import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Gatehouse as its own Cognito-like identity provider, for offline development: one RS256 key
 * pair kept in the data directory (made on first use), its JWKS, and tokens minted with it that a
 * COGNITO_USER_POOLS authorizer accepts when its pool is marked `gatehouse: true` in gatehouse.yaml.
 * Tokens look like a user pool's: `iss` is the pool's Cognito issuer URL.
 */
export class LocalIdentityProvider {
  readonly #privateKey: KeyObject
  readonly publicKey: KeyObject
  /** RFC 7638 thumbprint of the public key, base64url: stable for the key, so tokens keep verifying across restarts. */
  readonly kid: string

  constructor(privateKeyPem: string) {
    this.#privateKey = createPrivateKey(privateKeyPem)
    this.publicKey = createPublicKey(this.#privateKey)
    const { e, kty, n } = this.publicKey.export({ format: 'jwk' })
    this.kid = createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url')
  }

  /** The key in `dataDir/idp-signing-key.pem`, generated (mode 0600) when there is none. */
  static open(dataDir: string): LocalIdentityProvider {
    const file = join(dataDir, 'idp-signing-key.pem')
    let pem: string
    try {
      pem = readFileSync(file, 'utf8')
    } catch {
      mkdirSync(dataDir, { recursive: true })
      pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      // Written whole under another name, then linked into place: a process racing us (a cluster
      // worker, `gatehouse token`) sees either no key or a complete one, never half a file.
      const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
      writeFileSync(draft, pem, { mode: 0o600, flag: 'wx' })
      try {
        linkSync(draft, file)
      } catch (error) {
        // Another process made it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        pem = readFileSync(file, 'utf8')
      } finally {
        unlinkSync(draft)
      }
    }
    return new LocalIdentityProvider(pem)
  }

  /** A key that lives only as long as the process (in-memory gateways, tests). */
  static generate(): LocalIdentityProvider {
    return new LocalIdentityProvider(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())
  }

  /** The JWKS document (`/.well-known/jwks.json`). */
  jwks(): { keys: Record<string, unknown>[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' }] }
  }

  /** Signs claims as an RS256 JWT with this key. */
  sign(claims: Record<string, unknown>): string {
    const header = Buffer.from(JSON.stringify({ kid: this.kid, alg: 'RS256' })).toString('base64url')
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
    return `${header}.${payload}.${this.signParts(header, payload)}`
  }

  /** The RS256 signature (base64url) over already-encoded header and payload parts. */
  signParts(header: string, payload: string): string {
    return sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.#privateKey).toString('base64url')
  }
}

/** The issuer a Cognito user pool's tokens carry: `https://cognito-idp.{region}.amazonaws.com/{poolId}`. */
export function userPoolIssuer(poolArn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):\d{12}:userpool\/([\w-]+)$/.exec(poolArn)
  return match === null ? undefined : `https://cognito-idp.${match[1]}.amazonaws.com/${match[2]}`
}

/**
 * Claims like a user pool's access token (`token_use: access`, `scope`, `client_id`) or, with
 * `tokenUse: 'id'`, an id token (`aud`). `now` and `ttlSeconds` are seconds.
 */
export function userPoolClaims(options: {
  issuer: string
  sub: string
  now: number
  ttlSeconds?: number
  tokenUse?: 'id' | 'access'
  scope?: string
  clientId?: string
}): Record<string, unknown> {
  const clientId = options.clientId ?? 'gatehouse'
  const common = { sub: options.sub, iss: options.issuer, iat: options.now, auth_time: options.now, exp: options.now + (options.ttlSeconds ?? 3600) }
  return options.tokenUse === 'id'
    ? { ...common, aud: clientId, token_use: 'id', 'cognito:username': options.sub }
    : { ...common, client_id: clientId, token_use: 'access', scope: options.scope ?? '', username: options.sub }
}
