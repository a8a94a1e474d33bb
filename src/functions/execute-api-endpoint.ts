import { syncBuiltinESMExports } from 'node:module'
import tls from 'node:tls'

/** Where the gateway that runs the function answers `https://{apiId}.execute-api.localhost`. */
export interface ExecuteApiEndpoint {
  /** The address of the gateway's TLS listener (loopback when it listens on every interface). */
  readonly host: string
  readonly port: number
  /** PEM of the local certificate authority that issued the listener's certificate. */
  readonly caCertificate: string
}

/** The gateway's own host names: `.localhost` belongs to the loopback (RFC 6761), so no one else answers them. */
const GATEWAY_HOST = /^[a-z0-9]+\.execute-api\.localhost\.?$/i
const HTTPS_PORT = 443

/**
 * Makes `https://{apiId}.execute-api.localhost/{stage}` reach the gateway from this function's
 * process. A handler written for AWS builds its `@connections` client from its event
 * (`https://${domainName}/${stage}`, developer guide, "Use @connections commands in your backend
 * service"): port 443, a name only the gateway's machine knows, a certificate only a public CA
 * would sign on AWS. None of that can be told to the handler, and port 443 cannot be taken by an
 * unprivileged gateway, so the runtime redirects, before the handler loads, TLS connections to
 * those names on port 443 — and no other host or port — to the gateway's TLS listener, keeping the
 * name for SNI and the certificate check, and trusting the gateway's local CA for those
 * connections only (nothing else the function reaches is asked to trust it). Every HTTPS client of
 * Node (node:https and so the AWS SDK, fetch) opens its connections through `tls.connect`.
 */
export function routeExecuteApiToGateway(endpoint: ExecuteApiEndpoint): void {
  const connect = tls.connect
  const redirected = function (this: unknown, ...args: unknown[]): tls.TLSSocket {
    const options = connectOptions(args)
    const host = options?.host
    if (options === undefined || options.socket !== undefined || typeof host !== 'string' || !GATEWAY_HOST.test(host) || Number(options.port ?? HTTPS_PORT) !== HTTPS_PORT) {
      return (connect as (...rest: unknown[]) => tls.TLSSocket).apply(this, args)
    }
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined
    return connect({
      ...options,
      host: endpoint.host,
      port: endpoint.port,
      servername: options.servername || host.replace(/\.$/, ''),
      ca: endpoint.caCertificate,
    }, callback)
  }
  tls.connect = redirected as typeof tls.connect
  // `import { connect } from 'node:tls'` reads the ESM facade, which follows the object only when told to.
  syncBuiltinESMExports()
}

/** tls.connect's argument forms: (options, cb) and (port, host?, options?, cb?). A path form is left alone. */
function connectOptions(args: unknown[]): tls.ConnectionOptions | undefined {
  const [first, second, third] = args
  if (typeof first === 'object' && first !== null) return first as tls.ConnectionOptions
  if (typeof first !== 'number' && !(typeof first === 'string' && /^\d+$/.test(first))) return undefined
  const host = typeof second === 'string' ? second : undefined
  const options = (typeof second === 'object' && second !== null ? second : typeof third === 'object' && third !== null ? third : {}) as tls.ConnectionOptions
  return { ...options, port: Number(first), ...(host === undefined ? {} : { host }) }
}
