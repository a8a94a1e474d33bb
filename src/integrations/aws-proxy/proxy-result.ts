import { isFinalStatus } from '../../core/final-status.ts'

/**
 * Turns a Lambda proxy result into the HTTP response, by the rules AWS applies
 * (recorded: test_apigateway_lambda > test_aws_proxy_response_payload_format_validation). Anything
 * AWS would call a "Malformed Lambda proxy response" yields `undefined`, which the caller answers
 * with 502 Internal server error.
 */
export interface ProxyResult {
  readonly statusCode: number
  readonly headers: [string, string][]
  readonly body: string
  readonly isBase64Encoded: boolean
}

const ALLOWED_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded'])

export function parseProxyResult(payload: string): ProxyResult | undefined {
  let result: unknown
  try {
    result = JSON.parse(payload)
  } catch {
    return undefined
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined
  const record = result as Record<string, unknown>
  const keys = Object.keys(record)
  // `{}` and unknown keys are malformed; a result with only `headers` still gets 200 (invoke-api-only-headers).
  if (keys.length === 0 || keys.some((key) => !ALLOWED_KEYS.has(key))) return undefined

  const statusCode = readStatusCode(record.statusCode)
  if (statusCode === undefined) return undefined

  const merged = new Map<string, { name: string; values: string[] }>()
  const multi = record.multiValueHeaders
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== 'object' || Array.isArray(multi)) return undefined
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) return undefined
      const strings = values.map(headerString)
      if (strings.includes(undefined)) return undefined
      merged.set(name.toLowerCase(), { name, values: strings as string[] })
    }
  }
  const single = record.headers
  if (single !== undefined && single !== null) {
    if (typeof single !== 'object' || Array.isArray(single)) return undefined
    for (const [name, value] of Object.entries(single)) {
      const text = headerString(value)
      if (text === undefined) return undefined
      // Merged case-insensitively, multi-value first, in the multi-value casing (invoke-api-multi-headers-overwrite-casing).
      const entry = merged.get(name.toLowerCase())
      if (entry === undefined) merged.set(name.toLowerCase(), { name, values: [text] })
      else entry.values.push(text)
    }
  }

  const body = record.body
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined
  const isBase64Encoded = record.isBase64Encoded
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') return undefined

  const headers: [string, string][] = []
  for (const { name, values } of merged.values()) for (const value of values) headers.push([name, value])
  return { statusCode, headers, body: body ?? '', isBase64Encoded: isBase64Encoded === true }
}

/**
 * A status HTTP cannot carry as the final answer (1xx, or past 599) is malformed too: sent on, 100 would
 * leave the client waiting and 101 would switch its connection to another protocol.
 */
function readStatusCode(value: unknown): number | undefined {
  if (value === undefined) return 200
  const code = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN
  return isFinalStatus(code) ? code : undefined
}

/** Header values may be strings, numbers or booleans; AWS sends them as their text (invoke-api-with-headers). */
function headerString(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}
