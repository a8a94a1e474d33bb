/** What a WebSocket route's Lambda answered, as API Gateway reads it. */
export interface WebSocketResult {
  /** 200 when the function returned no status (a bare value, or nothing). */
  readonly statusCode: number
  readonly headers: readonly [string, string][]
  /** The frame a two-way route would send back; undefined without one. */
  readonly body: string | undefined
}

/**
 * Reads a Lambda proxy result for a WebSocket route: `statusCode` decides whether `$connect` accepts
 * the connection (developer guide, "Working with routes for WebSocket APIs": a $connect integration
 * that fails or answers non-2xx refuses it); `body` is what a route response would send. No
 * recording shows a result without `statusCode`; it is taken as success here, as serverless
 * emulators do.
 */
export function parseWebSocketResult(payload: string): WebSocketResult {
  let result: unknown
  try {
    result = JSON.parse(payload)
  } catch {
    return { statusCode: 200, headers: [], body: payload }
  }
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return { statusCode: 200, headers: [], body: result === null ? undefined : typeof result === 'string' ? result : JSON.stringify(result) }
  }
  const record = result as Record<string, unknown>
  const status = typeof record.statusCode === 'number' ? record.statusCode : typeof record.statusCode === 'string' ? Number(record.statusCode) : 200
  const headers: [string, string][] = []
  if (typeof record.headers === 'object' && record.headers !== null) {
    for (const [name, value] of Object.entries(record.headers)) if (typeof value === 'string' || typeof value === 'number') headers.push([name, String(value)])
  }
  return {
    statusCode: Number.isInteger(status) && status >= 100 && status <= 599 ? status : 502,
    headers,
    body: typeof record.body === 'string' ? record.body : undefined,
  }
}
