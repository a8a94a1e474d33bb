import { signRequest } from '../functions/sigv4-signer.ts'

/**
 * The few management API calls the CLI makes, over plain HTTP to a running gateway. Like the AWS
 * CLI, they are SigV4-signed with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when those are set (a
 * gateway with admin keys wants that); otherwise unsigned, which a loopback gateway without admin
 * keys accepts.
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
    response = await fetch(url, { method: options.method ?? 'GET', body: options.body, headers: signedHeaders(url, options) })
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message
    throw new ManagementCallError(`cannot reach the gateway at ${endpoint} (${reason}): is \`gatehouse serve\` running? Pass --endpoint-url to point elsewhere`)
  }
  const body = Buffer.from(await response.arrayBuffer())
  if (!response.ok) {
    let message = body.toString('utf8')
    try {
      const parsed = JSON.parse(message) as { message?: string; detail?: string }
      message = `${parsed.message ?? message}${parsed.detail === undefined ? '' : ` ${parsed.detail}`}`
    } catch {
      // not JSON: show the text as it came
    }
    const type = response.headers.get('x-amzn-errortype') ?? `HTTP ${response.status}`
    throw new ManagementCallError(`${type}: ${message}`)
  }
  return body
}

function signedHeaders(url: string, options: CallOptions): Record<string, string> {
  const headers = { ...options.headers }
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY
  if (accessKeyId === undefined || accessKeyId === '' || secretAccessKey === undefined || secretAccessKey === '') return headers
  const region = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1'
  const sessionToken = process.env.AWS_SESSION_TOKEN || undefined
  const signature = signRequest({
    method: options.method ?? 'GET', url: new URL(url), headers, body: options.body ?? '', service: 'apigateway', region, credentials: { accessKeyId, secretAccessKey, sessionToken },
  })
  return { ...headers, ...signature }
}

export const callGatewayJson = async <T>(endpoint: string, path: string, options: CallOptions = {}): Promise<T> =>
  JSON.parse((await callGateway(endpoint, path, options)).toString('utf8')) as T

/** The CLI's way out on a failed call: the message on stderr, exit status 1. */
export function failWith(error: unknown): never {
  if (!(error instanceof ManagementCallError)) throw error
  console.error(`gatehouse: ${error.message}`)
  process.exit(1)
}
