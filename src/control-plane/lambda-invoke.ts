import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import { newRequestId } from '../core/ids.ts'
import type { Logger } from '../core/logger.ts'
import { ManagementError } from '../core/management-error.ts'
import { ResourceNotFoundError, TooManyRequestsError } from '../functions/function-errors.ts'
import type { FunctionHost, InvokeRequest } from '../functions/function-host.ts'
import { parseFunctionName } from '../functions/function-name.ts'
import { readBody } from './wire.ts'

/**
 * Lambda's Invoke API on the management endpoint (`POST /2015-03-31/functions/{FunctionName}/invocations`),
 * on the wire `@aws-sdk/client-lambda` and `aws lambda invoke` speak: the payload is the raw body,
 * the options are headers (`X-Amz-Invocation-Type`, `X-Amz-Log-Type`, `X-Amz-Client-Context`), the
 * answer is the function's raw result with `X-Amz-Function-Error`, `X-Amz-Log-Result` and
 * `X-Amz-Executed-Version`. Errors carry `x-amzn-ErrorType` and Lambda's `{"Type", "message"}` body.
 */

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/

/** Lambda's payload limits: 6 MB for synchronous calls, 1 MB for asynchronous ones. */
const MAX_SYNC_PAYLOAD = 6 * 1024 * 1024
const MAX_ASYNC_PAYLOAD = 1024 * 1024

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'] as const
type InvocationType = (typeof INVOCATION_TYPES)[number]

/** The raw FunctionName path label when the request is an Invoke call. */
export function matchLambdaInvoke(method: string | undefined, pathname: string): string | undefined {
  if (method !== 'POST') return undefined
  return INVOKE_PATH.exec(pathname)?.[1]
}

class LambdaApiError extends Error {
  readonly code: string
  readonly status: number
  readonly extra: Record<string, string>
  constructor(code: string, status: number, message: string, extra: Record<string, string> = {}) {
    super(message)
    this.code = code
    this.status = status
    this.extra = extra
  }
}

export async function invokeFunction(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { functions: FunctionHost; aws: AwsEnvironment; logger: Logger },
  rawName: string,
  query: URLSearchParams,
): Promise<void> {
  try {
    const requestId = newRequestId()
    const invocationType = header(req, 'x-amz-invocation-type') ?? 'RequestResponse'
    if (!INVOCATION_TYPES.includes(invocationType as InvocationType)) {
      req.resume()
      throw new LambdaApiError('ValidationException', 400, `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`)
    }
    const target = resolveTarget(rawName, query.get('Qualifier') ?? undefined)
    const arn = `arn:aws:lambda:${deps.aws.region}:${deps.aws.accountId}:function:${target.name}${target.qualifier === undefined ? '' : `:${target.qualifier}`}`
    if (!deps.functions.has(target.name)) {
      req.resume()
      throw new LambdaApiError('ResourceNotFoundException', 404, `Function not found: ${arn}`)
    }
    const limit = invocationType === 'Event' ? MAX_ASYNC_PAYLOAD : MAX_SYNC_PAYLOAD
    let body: Buffer
    try {
      body = await readBody(req, limit)
    } catch (error) {
      if (error instanceof ManagementError && error.code === 'PayloadTooLargeException') {
        throw new LambdaApiError('RequestTooLargeException', 413, `Request must be smaller than ${limit} bytes for the InvokeFunction operation`)
      }
      throw error
    }
    const payload = validPayload(body)
    if (invocationType === 'DryRun') {
      send(res, 204, { 'x-amzn-RequestId': requestId })
      return
    }
    const request = {
      functionName: target.name,
      qualifier: target.qualifier,
      payload,
      requestId,
      clientContext: header(req, 'x-amz-client-context'),
    }
    if (invocationType === 'Event') {
      // Accepted now, run later: the caller never sees the result, as with Lambda's event queue.
      setImmediate(() => runQueued(deps, request, 0))
      send(res, 202, { 'x-amzn-RequestId': requestId })
      return
    }
    let result
    try {
      result = await deps.functions.invoke({ ...request, logType: header(req, 'x-amz-log-type') === 'Tail' ? 'Tail' : 'None' })
    } catch (error) {
      if (error instanceof TooManyRequestsError) {
        throw new LambdaApiError('TooManyRequestsException', 429, error.message, { Reason: error.reason })
      }
      if (error instanceof ResourceNotFoundError) throw new LambdaApiError('ResourceNotFoundException', 404, error.message)
      throw error
    }
    const headers: Record<string, string> = {
      'x-amzn-RequestId': requestId,
      'Content-Type': 'application/json',
      'X-Amz-Executed-Version': result.executedVersion ?? '$LATEST',
    }
    if (result.functionError !== undefined) headers['X-Amz-Function-Error'] = result.functionError
    if (result.logResult !== undefined) headers['X-Amz-Log-Result'] = result.logResult
    send(res, 200, headers, Buffer.from(result.payload, 'utf8'))
  } catch (error) {
    const failure = error instanceof LambdaApiError ? error : unexpected(error, deps.logger)
    const body = Buffer.from(JSON.stringify({ ...failure.extra, Type: failure.status < 500 ? 'User' : 'Service', message: failure.message }))
    const headers: Record<string, string> = {
      'x-amzn-RequestId': newRequestId(),
      'x-amzn-ErrorType': failure.code,
      'Content-Type': 'application/json',
    }
    if (failure.status === 429) headers['Retry-After'] = '1'
    send(res, failure.status, headers, body)
  }
}

/** Lambda retries a throttled asynchronous invocation later instead of dropping it; so do we, a few times. */
const EVENT_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000]

function runQueued(deps: { functions: FunctionHost; logger: Logger }, request: InvokeRequest, attempt: number): void {
  deps.functions.invoke(request).then(
    (result) => {
      if (result.functionError !== undefined) deps.logger.warn({ function: request.functionName, requestId: request.requestId, error: result.payload }, 'asynchronous invocation failed')
    },
    (error: unknown) => {
      const delay = EVENT_RETRY_DELAYS_MS[attempt]
      if (error instanceof TooManyRequestsError && delay !== undefined) {
        setTimeout(() => runQueued(deps, request, attempt + 1), delay).unref()
        return
      }
      deps.logger.warn({ function: request.functionName, requestId: request.requestId, err: error }, 'asynchronous invocation was not run')
    },
  )
}

/** The function and qualifier, from the path's FunctionName and the `Qualifier` query parameter. */
function resolveTarget(rawName: string, qualifier: string | undefined): { name: string; qualifier?: string } {
  let text: string
  try {
    text = decodeURIComponent(rawName)
  } catch {
    text = rawName
  }
  const reference = parseFunctionName(text)
  if (reference === undefined) {
    throw new LambdaApiError('ValidationException', 400, `1 validation error detected: Value '${text}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?`)
  }
  if (reference.qualifier !== undefined && qualifier !== undefined && reference.qualifier !== qualifier) {
    throw new LambdaApiError('InvalidParameterValueException', 400, 'The derived qualifier from the function name does not match the specified qualifier.')
  }
  const chosen = reference.qualifier ?? qualifier
  return chosen === undefined ? { name: reference.name } : { name: reference.name, qualifier: chosen }
}

/** Lambda accepts any JSON value as the event; an empty payload is the event `{}`. */
function validPayload(body: Buffer): string {
  const text = body.toString('utf8')
  if (text.trim() === '') return '{}'
  try {
    JSON.parse(text)
  } catch (error) {
    throw new LambdaApiError('InvalidRequestContentException', 400, `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`)
  }
  return text
}

function unexpected(error: unknown, logger: Logger): LambdaApiError {
  logger.error({ err: error }, 'Lambda Invoke failed')
  return new LambdaApiError('ServiceException', 500, `The function could not be invoked: ${(error as Error).message}`)
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body?: Buffer): void {
  res.writeHead(status, { ...headers, 'Content-Length': body?.length ?? 0 }).end(body)
}
