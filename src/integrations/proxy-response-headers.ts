/**
 * Headers a proxy integration's answer (an HTTP_PROXY backend's or a Lambda proxy result's) may not
 * set, because API Gateway sets them itself or owns the connection: they reach the client renamed to
 * `x-amzn-Remapped-<Name>`, in AWS's casing.
 *
 * - `Connection`, `Content-Length`, `Date`, `x-amzn-RequestId`, `Server`: recorded:
 *   test_apigateway_integrations > test_apigateway_header_remapping_http[HTTP_PROXY] > no-param-integration.
 * - The other names are the ones API Gateway renames when a method response sets them (recorded:
 *   test_apigateway_integrations > test_apigateway_header_remapping_http > full-integration). That a Lambda
 *   proxy result's `WWW-Authenticate` comes back as `x-amzn-Remapped-WWW-Authenticate` is widely reported
 *   by users (serverless-offline issue 236, express-basic-auth issue 42, modelix.core pull request 1658,
 *   all citing the developer guide's "Amazon API Gateway important notes"); no recording has a proxy answer
 *   with it.
 *
 * A `Connection: close` from a handler or backend therefore never closes the client's connection: the
 * gateway alone says what happens to it.
 */
const REMAPPED: Readonly<Record<string, string>> = {
  authorization: 'Authorization',
  connection: 'Connection',
  'content-length': 'Content-Length',
  'content-md5': 'Content-MD5',
  date: 'Date',
  expect: 'Expect',
  host: 'Host',
  'max-forwards': 'Max-Forwards',
  'proxy-authenticate': 'Proxy-Authenticate',
  server: 'Server',
  trailer: 'Trailer',
  upgrade: 'Upgrade',
  'user-agent': 'User-Agent',
  'www-authenticate': 'WWW-Authenticate',
  'x-amzn-requestid': 'x-amzn-RequestId',
}

/**
 * Framing and hop-by-hop headers that are dropped: the gateway frames the body itself, and
 * `Transfer-Encoding` is dropped from method responses too (recorded: test_apigateway_integrations >
 * test_apigateway_header_remapping_http > full-integration).
 */
const DROPPED = new Set(['transfer-encoding', 'keep-alive'])

export function remapProxyResponseHeaders(headers: readonly (readonly [string, string])[]): [string, string][] {
  const remapped: [string, string][] = []
  for (const [name, value] of headers) {
    const named = remappedHeaderName(name)
    if (named !== undefined) remapped.push([named, value])
  }
  return remapped
}

/** The name one header of a proxy integration's answer reaches the client under; undefined when it is dropped. */
export function remappedHeaderName(name: string): string | undefined {
  const lower = name.toLowerCase()
  if (DROPPED.has(lower)) return undefined
  const own = REMAPPED[lower]
  return own === undefined ? name : `x-amzn-Remapped-${own}`
}
