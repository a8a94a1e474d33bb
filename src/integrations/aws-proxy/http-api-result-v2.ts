import type { ProxyResult } from './proxy-result.ts'

/**
 * Reads a function's result under payload format 2.0 (developer guide, "Working with AWS Lambda proxy
 * integrations for HTTP APIs", "Lambda function response for format 2.0"):
 *
 * - valid JSON without `statusCode` is a 200 `application/json` answer whose body is the result: a
 *   string as it is (`"Hello from Lambda!"` → `Hello from Lambda!`), anything else serialised;
 * - with `statusCode`, `headers`, `cookies` (each one `set-cookie` header), `body` and
 *   `isBase64Encoded` (always decoded: HTTP APIs have no binary media types to consult);
 * - anything else is malformed (undefined), which the API answers with its 500.
 */
export function parseHttpApiResultV2(payload: string): ProxyResult | undefined {
  let result: unknown
  try {
    result = JSON.parse(payload)
  } catch {
    return undefined
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result) || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : payload === '' ? '' : JSON.stringify(result)
    return { statusCode: 200, headers: [['content-type', 'application/json']], body, isBase64Encoded: false }
  }
  const record = result as Record<string, unknown>
  const statusCode = typeof record.statusCode === 'number' ? record.statusCode : typeof record.statusCode === 'string' && /^\d+$/.test(record.statusCode) ? Number(record.statusCode) : NaN
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined

  const headers: [string, string][] = []
  const single = record.headers
  if (single !== undefined && single !== null) {
    if (typeof single !== 'object' || Array.isArray(single)) return undefined
    for (const [name, value] of Object.entries(single)) {
      const text = headerText(value)
      if (text === undefined) return undefined
      headers.push([name, text])
    }
  }
  const multi = record.multiValueHeaders
  if (multi !== undefined && multi !== null) {
    if (typeof multi !== 'object' || Array.isArray(multi)) return undefined
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values)) return undefined
      for (const value of values) {
        const text = headerText(value)
        if (text === undefined) return undefined
        headers.push([name, text])
      }
    }
  }
  const cookies = record.cookies
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || cookies.some((cookie) => typeof cookie !== 'string')) return undefined
    for (const cookie of cookies as string[]) headers.push(['set-cookie', cookie])
  }
  const body = record.body
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined
  return { statusCode, headers, body: body ?? '', isBase64Encoded: record.isBase64Encoded === true }
}

const headerText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined
