import type { Integration as IntegrationConfig } from '../../model/integration.ts'
import type { CallerRequest } from '../caller-request.ts'
import type { BackendTls } from './tls-dispatcher.ts'

/** What TLS an HTTP or HTTP_PROXY integration's request sets: the stage's client certificate and the integration's `tlsConfig`. */
export function backendTls(config: IntegrationConfig, methodRequest: CallerRequest): BackendTls | undefined {
  const clientCertificate = methodRequest.served.clientCertificate
  const insecureSkipVerification = config.tlsConfig?.insecureSkipVerification === true
  if (clientCertificate === undefined && !insecureSkipVerification) return undefined
  return { clientCertificate, insecureSkipVerification }
}
