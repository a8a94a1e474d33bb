/**
 * Setting a method response header (recorded: test_apigateway_integrations > test_apigateway_header_remapping_http >
 * full-integration): most names are kept; those API Gateway owns are
 * renamed to `x-amzn-Remapped-X`, and Transfer-Encoding is dropped. A later value for the same
 * name replaces an earlier one.
 */
const REMAPPED = new Set([
  'authorization', 'connection', 'content-length', 'content-md5', 'date', 'expect', 'host', 'max-forwards',
  'proxy-authenticate', 'server', 'trailer', 'upgrade', 'user-agent', 'www-authenticate',
])

export function methodResponseHeader(headers: [string, string][], name: string, value: string): void {
  const lower = name.toLowerCase()
  if (lower === 'transfer-encoding') return
  const finalName = REMAPPED.has(lower) ? `x-amzn-Remapped-${name}` : name
  const existing = headers.findIndex(([header]) => header.toLowerCase() === finalName.toLowerCase())
  if (existing === -1) headers.push([finalName, value])
  else headers[existing] = [finalName, value]
}
