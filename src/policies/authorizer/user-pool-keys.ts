import type { KeyObject } from 'node:crypto'

/**
 * The signing keys of a Cognito user pool, as a COGNITO_USER_POOLS authorizer needs them: the
 * issuer its tokens carry (`https://cognito-idp.{region}.amazonaws.com/{poolId}` on AWS) and its
 * public keys by `kid` (the pool's JWKS).
 */
export interface UserPool {
  readonly arn: string
  readonly issuer: string
  /** The pool's app client ids, when configured: tokens of other clients are refused. */
  readonly clientIds?: readonly string[]
  /** The key a token's `kid` names, or undefined (a JWKS refresh may be tried first). */
  key(kid: string): Promise<KeyObject | undefined>
}

export interface UserPoolKeys {
  /** The user pool an authorizer's `providerARNs` entry names, or undefined when Gatehouse does not know it. */
  find(arn: string): UserPool | undefined
  /** The configured pool whose tokens carry this issuer (an HTTP API JWT authorizer names an issuer, not a pool). */
  findIssuer?(issuer: string): UserPool | undefined
}

/** No pools configured: every Cognito authorizer fails closed. */
export const NO_USER_POOLS: UserPoolKeys = { find: () => undefined }
