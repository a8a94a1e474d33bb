import { CallerTimeoutError, RemoteInvokeError, TooManyRequestsError } from './function-errors.ts'
import type { InvokeRequest, InvokeResult } from './function-host.ts'
import type { RemoteFunctionDefinition } from './function-definition.ts'
import { signRequest, type AwsCredentials } from './sigv4-signer.ts'

/** Lambda's synchronous response limit (Lambda quotas: 6 MB): a remote answer is never read past it. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024

/** Lambda's longest timeout: a remote function that says nothing is waited for this long. */
const DEFAULT_REMOTE_TIMEOUT_SECONDS = 900

/**
 * Invokes a function that runs elsewhere through the Lambda Invoke API
 * (`POST /2015-03-31/functions/{name}/invocations`, RequestResponse), signed with SigV4 when
 * credentials are known, so the endpoint can be AWS Lambda itself, another Gatehouse or LocalStack.
 * The endpoint's function error, log tail and executed version come back unchanged.
 */
export async function invokeRemoteFunction(
  localName: string,
  definition: RemoteFunctionDefinition,
  request: InvokeRequest,
  options: { region: string; credentials?: AwsCredentials },
): Promise<InvokeResult> {
  const url = new URL(`${definition.endpoint.replace(/\/+$/, '')}/2015-03-31/functions/${encodeURIComponent(definition.functionName ?? localName)}/invocations`)
  const qualifier = request.qualifier ?? definition.qualifier
  if (qualifier !== undefined) url.searchParams.set('Qualifier', qualifier)
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-amz-invocation-type': 'RequestResponse',
    'x-amz-log-type': request.logType ?? 'None',
  }
  if (request.clientContext !== undefined) headers['x-amz-client-context'] = request.clientContext
  if (options.credentials !== undefined) {
    Object.assign(headers, signRequest({
      method: 'POST', url, headers, body: request.payload, service: 'lambda', region: definition.region ?? options.region, credentials: options.credentials,
    }))
  }
  const ownTimeoutMs = (definition.timeout ?? DEFAULT_REMOTE_TIMEOUT_SECONDS) * 1000
  // At the same time, the caller is the one that gives up: API Gateway answers 504 as its integration times out.
  const callerGivesUp = request.timeoutMs !== undefined && request.timeoutMs <= ownTimeoutMs
  const timeoutMs = callerGivesUp ? request.timeoutMs! : ownTimeoutMs
  let response: Response
  let text: string
  let oversized = false
  try {
    response = await fetch(url, { method: 'POST', headers, body: request.payload, signal: AbortSignal.timeout(timeoutMs) })
    const bounded = await readBounded(response, MAX_RESPONSE_BYTES)
    oversized = bounded === undefined
    text = bounded ?? tooLarge()
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') {
      if (callerGivesUp) throw new CallerTimeoutError(timeoutMs)
      throw new RemoteInvokeError(`${localName}: ${url.origin} did not answer within ${timeoutMs} ms`, { cause: error })
    }
    throw new RemoteInvokeError(`${localName}: cannot reach ${url.origin}: ${(error as Error).message}`, { cause: error })
  }
  if (response.status === 200) {
    const functionError = oversized ? 'Unhandled' : response.headers.get('x-amz-function-error')
    return {
      payload: text,
      functionError: functionError === 'Handled' || functionError === 'Unhandled' ? functionError : functionError === null ? undefined : 'Unhandled',
      logResult: response.headers.get('x-amz-log-result') ?? undefined,
      executedVersion: response.headers.get('x-amz-executed-version') ?? undefined,
    }
  }
  const errorType = response.headers.get('x-amzn-errortype')?.split(':')[0] ?? undefined
  if (response.status === 429) throw new TooManyRequestsError(localName)
  throw new RemoteInvokeError(`${localName}: ${url.origin} answered ${response.status} ${errorType ?? ''} ${text.slice(0, 200)}`.trim(), {
    statusCode: response.status,
    errorType,
  })
}

/** The body as text, or undefined as soon as it passes `limit` bytes (the rest is not read). */
async function readBounded(response: Response, limit: number): Promise<string | undefined> {
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks, size).toString('utf8')
}

/** What Lambda answers instead of a result past its limit: a function error the integration reports as such. */
function tooLarge(): string {
  return JSON.stringify({
    errorType: 'Function.ResponseSizeTooLarge',
    errorMessage: `Response payload size exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
  })
}
