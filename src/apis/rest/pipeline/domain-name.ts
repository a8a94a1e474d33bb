import { isIP } from 'node:net'

/**
 * `$context.domainName` and `domainPrefix` from the Host the client addressed. AWS's are names without
 * a port (`<api-id>.execute-api.<region>.amazonaws.com`, prefix `<api-id>`: recorded:
 * test_apigateway_lambda > test_lambda_aws_proxy_integration > invocation-payload-without-trailing-slash),
 * so the port a local gateway listens on is left out. `domainPrefix` is the first label of a name
 * (developer guide, "$context variables for data models, authorizers, mapping templates, and access
 * logging"); an IP address has no labels, so it is its own prefix.
 */
export function contextDomainName(host: string): ContextDomainName {
  // A gateway's clients mostly address it by one name: the last answer is kept (one entry, so no client's
  // Host headers can grow it), saving the IP address test and the splitting on every request.
  if (last?.host === host) return last.names
  const domainName = withoutPort(host)
  const bare = domainName.startsWith('[') ? domainName.slice(1, -1) : domainName
  const names = Object.freeze({ domainName, domainPrefix: isIP(bare) !== 0 ? domainName : domainName.split('.')[0] })
  last = { host, names }
  return names
}

export type ContextDomainName = { readonly domainName: string; readonly domainPrefix: string }

let last: { readonly host: string; readonly names: ContextDomainName } | undefined

function withoutPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end === -1 ? host : host.slice(0, end + 1)
  }
  const colon = host.lastIndexOf(':')
  // More than one colon and no brackets: an IPv6 address written bare, which has no port.
  return colon === -1 || host.indexOf(':') !== colon ? host : host.slice(0, colon)
}
