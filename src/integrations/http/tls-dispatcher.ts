import type { Agent } from 'undici'
import { backendClient, type BackendDispatcher } from './backend-client.ts'

/** The certificate and key a stage presents to its backends (its `clientCertificateId`), PEM. */
export interface ClientCertificateMaterial {
  readonly certificatePem: string
  readonly privateKeyPem: string
}

/** What of TLS an HTTP or HTTP_PROXY request sets beyond the gateway's defaults. */
export interface BackendTls {
  readonly clientCertificate?: ClientCertificateMaterial
  /** The integration's `tlsConfig.insecureSkipVerification` (API reference, TlsConfig). */
  readonly insecureSkipVerification?: boolean
}

/** One keep-alive pool per distinct TLS setting; few exist (a certificate per stage at most). */
const POOLS = new Map<string, Agent>()

/**
 * The dispatcher for a request: the gateway's shared pool when it sets nothing of its own, else a
 * pool of its own that presents the stage's client certificate (developer guide, "Generate and
 * configure an SSL certificate for backend authentication in API Gateway") and, with
 * `insecureSkipVerification`, accepts a backend certificate no known authority signed (developer
 * guide, "x-amazon-apigateway-integration.tlsConfig object").
 */
export function tlsDispatcher(shared: BackendDispatcher, tls: BackendTls | undefined): BackendDispatcher {
  if (tls === undefined || (tls.clientCertificate === undefined && tls.insecureSkipVerification !== true)) return shared
  const key = `${tls.insecureSkipVerification === true}\n${tls.clientCertificate?.certificatePem ?? ''}`
  let pool = POOLS.get(key)
  if (pool === undefined) {
    pool = new (backendClient().Agent)({ keepAliveTimeout: 4_000, connect: nodeTlsOptions(tls) })
    POOLS.set(key, pool)
  }
  return pool
}

/** The same settings as node:tls options, for the requests node:http sends. */
export function nodeTlsOptions(tls: BackendTls | undefined): { cert?: string; key?: string; rejectUnauthorized?: boolean } {
  if (tls === undefined) return {}
  return {
    ...(tls.clientCertificate === undefined ? {} : { cert: tls.clientCertificate.certificatePem, key: tls.clientCertificate.privateKeyPem }),
    ...(tls.insecureSkipVerification === true ? { rejectUnauthorized: false } : {}),
  }
}
