import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { Readable } from 'node:stream'
import { SignatureRejection } from '../auth/sigv4/signature-rejection.ts'
import { signedRequest } from '../auth/sigv4/signed-request.ts'
import { verifySignature, type SigningCredential } from '../auth/sigv4/verify-signature.ts'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import { ManagementError, type ManagementErrorCode } from '../core/management-error.ts'
import { readBody } from './wire.ts'

/** Who may call the management API: the admin keys of gatehouse.yaml / the environment. */
export interface ManagementAccess {
  readonly adminKeys: readonly SigningCredential[]
}

/** Without admin keys the management API is open — allowed only on a loopback address (see `assertManagementApiSecured`). */
export const OPEN_MANAGEMENT_ACCESS: ManagementAccess = { adminKeys: [] }

/**
 * The management API's gate. With admin keys configured every call must carry a SigV4 signature
 * by one of them, for the service the endpoint speaks (`apigateway`; `lambda` for the Invoke API),
 * checked exactly as AWS checks it; failures are AWS's own exceptions (`MissingAuthenticationTokenException`,
 * `UnrecognizedClientException`, `InvalidSignatureException`, ...), all 403. Without keys any caller
 * is accepted, as local AWS emulators do — which `assertManagementApiSecured` allows on loopback only.
 */
export class ManagementAuthenticator {
  readonly #keys: ReadonlyMap<string, SigningCredential>
  readonly #aws: AwsEnvironment

  constructor(access: ManagementAccess, aws: AwsEnvironment) {
    this.#keys = new Map(access.adminKeys.map((key) => [key.accessKeyId, key]))
    this.#aws = aws
  }

  /** True when calls must be signed (some admin key is configured). */
  get enforced(): boolean {
    return this.#keys.size > 0
  }

  /**
   * Reads the body (the signature covers it), authenticates the call, and hands back a request the
   * handlers read as usual — the same headers, the body replayed from memory.
   */
  async authenticatedRequest(req: IncomingMessage, service: 'apigateway' | 'lambda', now: number): Promise<IncomingMessage> {
    if (!this.enforced) return req
    const body = await readBody(req)
    this.authenticate(req, body, service, now)
    const replay = Readable.from(body.length === 0 ? [] : [body])
    return Object.assign(replay, { headers: req.headers, rawHeaders: req.rawHeaders, method: req.method, url: req.url, socket: req.socket }) as unknown as IncomingMessage
  }

  /** Throws the ManagementError AWS would answer when the call is not signed by an admin key. */
  authenticate(req: IncomingMessage, body: Buffer, service: 'apigateway' | 'lambda', now: number): void {
    if (!this.enforced) return
    try {
      verifySignature(signedRequest(req.method ?? 'GET', req.url ?? '/', req.rawHeaders, body), {
        credential: (accessKeyId) => this.#keys.get(accessKeyId),
        services: [service],
        region: this.#aws.region,
        now,
        // The management API hashes the body it receives, as AWS's REST-JSON services do: a
        // signature made with UNSIGNED-PAYLOAD would let a captured one be replayed with any body.
        unsignedPayload: 'refused',
      })
    } catch (error) {
      if (!(error instanceof SignatureRejection)) throw error
      throw new ManagementError(REJECTION_CODES[error.reason], error.message)
    }
  }
}

const REJECTION_CODES: Readonly<Record<SignatureRejection['reason'], ManagementErrorCode>> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  InvalidSignature: 'InvalidSignatureException',
  UnrecognizedClient: 'UnrecognizedClientException',
  ExpiredToken: 'ExpiredTokenException',
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '')
  if (bare === 'localhost') return true
  if (isIP(bare) === 4) return bare.startsWith('127.')
  return bare === '::1' || /^::ffff:127\./i.test(bare)
}

/**
 * Refuses to expose an open management API: without admin keys, Gatehouse listens on loopback only.
 * The message says how to configure a key.
 */
export function assertManagementApiSecured(host: string, access: ManagementAccess): void {
  if (access.adminKeys.length > 0 || isLoopbackHost(host)) return
  throw new Error(
    `refusing to listen on ${host} without an admin key: anyone who can reach it could change your APIs. ` +
      'Add adminKeys (accessKeyId, secretAccessKey) to gatehouse.yaml, or set GATEHOUSE_ADMIN_ACCESS_KEY_ID and ' +
      'GATEHOUSE_ADMIN_SECRET_ACCESS_KEY, then sign management calls with that key (AWS CLI/SDK credentials); ' +
      'or listen on 127.0.0.1 (--host 127.0.0.1).',
  )
}
