import type { TestGateway } from './gateway.ts'

/** What a raw management API call answered: status, `x-amzn-ErrorType`, and the parsed body (if any). */
export interface RawReply {
  readonly status: number
  readonly errorType: string | null
  readonly body: any
  readonly text: string
}

/**
 * Calls the management API with plain `fetch`, for what the SDK hides (the `x-amzn-ErrorType`
 * header, the wire key `item`) or refuses to send (malformed JSON, wrong types).
 */
export async function callManagementApi(
  gw: TestGateway,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawReply> {
  const payload = body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body)
  const res = await fetch(`${gw.adminUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  })
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: parsed, text }
}
