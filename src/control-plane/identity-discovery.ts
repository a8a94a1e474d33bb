import type { LocalIdentityProvider } from '../policies/authorizer/local-identity-provider.ts'

/**
 * Gatehouse's own identity provider on the management port: `GET /.well-known/jwks.json` (its
 * public key, as a Cognito user pool publishes one) and a minimal
 * `GET /.well-known/openid-configuration` pointing at it, so other tools can verify
 * `gatehouse token` tokens too. Undefined for every other request.
 */
export function identityDiscovery(method: string | undefined, path: string, host: string | undefined, provider: () => LocalIdentityProvider): unknown {
  if (method !== 'GET') return undefined
  if (path === '/.well-known/jwks.json') return provider().jwks()
  if (path === '/.well-known/openid-configuration') {
    return { jwks_uri: `http://${host ?? 'localhost'}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'] }
  }
  return undefined
}
