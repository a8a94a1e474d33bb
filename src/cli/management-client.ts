/**
 * The few management API calls the CLI makes, over plain HTTP to a running gateway (unsigned:
 * Gatehouse accepts that; the CLI carries no AWS SDK at run time).
 */

export const DEFAULT_ENDPOINT_URL = 'http://localhost:4567'

export class ManagementCallError extends Error {}

export interface CallOptions {
  readonly method?: string
  readonly body?: string | Buffer
  readonly headers?: Record<string, string>
}

/** One call; answers the raw response body, or throws what the gateway or the network said. */
export async function callGateway(endpoint: string, path: string, options: CallOptions = {}): Promise<Buffer> {
  const url = `${endpoint.replace(/\/+$/, '')}${path}`
  let response: Response
  try {
    response = await fetch(url, { method: options.method ?? 'GET', body: options.body, headers: options.headers })
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message
    throw new ManagementCallError(`cannot reach the gateway at ${endpoint} (${reason}): is \`gatehouse serve\` running? Pass --endpoint-url to point elsewhere`)
  }
  const body = Buffer.from(await response.arrayBuffer())
  if (!response.ok) {
    let message = body.toString('utf8')
    try {
      message = (JSON.parse(message) as { message?: string }).message ?? message
    } catch {
      // not JSON: show the text as it came
    }
    const type = response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`
    throw new ManagementCallError(`${type}: ${message}`)
  }
  return body
}

export const callGatewayJson = async <T>(endpoint: string, path: string, options: CallOptions = {}): Promise<T> =>
  JSON.parse((await callGateway(endpoint, path, options)).toString('utf8')) as T

/** The CLI's way out on a failed call: the message on stderr, exit status 1. */
export function failWith(error: unknown): never {
  if (!(error instanceof ManagementCallError)) throw error
  console.error(`gatehouse: ${error.message}`)
  process.exit(1)
}
