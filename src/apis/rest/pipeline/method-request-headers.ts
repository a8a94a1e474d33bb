/**
 * The headers of the method request. API Gateway drops hop-by-hop and server-owned headers before
 * anything sees them (`$input.params()` reads "" for these even when the client sent them; recorded:
 * test_apigateway_integrations > test_apigateway_header_remapping_http > full-integration), keeps every other header in the client's casing, and adds its own tracing and forwarding
 * headers as a REGIONAL endpoint does (recorded: test_apigateway_integrations > test_apigateway_header_remapping_aws >
 * no-param-integration).
 */
const STRIPPED = new Set([
  'connection', 'content-md5', 'expect', 'max-forwards', 'proxy-authenticate', 'server', 'te',
  'transfer-encoding', 'trailer', 'upgrade', 'www-authenticate', 'keep-alive',
])

export interface ForwardingFacts {
  readonly traceId: string
  readonly sourceIp: string
  readonly port: string
  readonly proto: string
}

/** `[name, value, ...]` as the integration sees it. */
export function methodRequestHeaders(rawHeaders: readonly string[], facts: ForwardingFacts): string[] {
  const kept: string[] = []
  let trace = false
  let forwardedFor = -1
  let port = false
  let proto = false
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lower = rawHeaders[i].toLowerCase()
    if (STRIPPED.has(lower)) continue
    if (lower === 'x-amzn-trace-id') {
      // The client's trace header, as API Gateway honours it (core/trace-id.ts): kept once, with a Parent added to a Root alone.
      if (!trace) kept.push(rawHeaders[i], facts.traceId)
      trace = true
      continue
    } else if (lower === 'x-forwarded-for') forwardedFor = kept.length
    else if (lower === 'x-forwarded-port') port = true
    else if (lower === 'x-forwarded-proto') proto = true
    kept.push(rawHeaders[i], rawHeaders[i + 1])
  }
  if (!trace) kept.push('X-Amzn-Trace-Id', facts.traceId)
  // Like a load balancer, API Gateway appends the caller's address to an X-Forwarded-For it received.
  if (forwardedFor === -1) kept.push('X-Forwarded-For', facts.sourceIp)
  else kept[forwardedFor + 1] = `${kept[forwardedFor + 1]}, ${facts.sourceIp}`
  if (!port) kept.push('X-Forwarded-Port', facts.port)
  if (!proto) kept.push('X-Forwarded-Proto', facts.proto)
  return kept
}
