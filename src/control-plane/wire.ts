import type { IncomingMessage, ServerResponse } from 'node:http'
import { newRequestId } from '../core/ids.ts'
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../core/json-depth.ts'
import { ManagementError } from '../core/management-error.ts'

/**
 * The rest-json wire of the v1 management API: JSON bodies in, JSON bodies out, errors as
 * status + `x-amzn-ErrorType: <Code>` + `{"message": "..."}`, the rest-json protocol of AWS's service models.
 */

export type { JsonObject } from '../core/json.ts'
import type { JsonObject } from '../core/json.ts'

/**
 * The largest body the management API reads. AWS caps ImportRestApi/PutRestApi documents at 6 MB
 * (developer guide, "Quotas for configuring and running a REST API in API Gateway"); nothing else the control plane takes comes close.
 */
export const MAX_BODY_BYTES = 6 * 1024 * 1024

const PAYLOAD_TOO_LARGE = (): ManagementError =>
  new ManagementError('PayloadTooLargeException', `Request body must be at most ${MAX_BODY_BYTES} bytes`)

/**
 * Reads the whole body, refusing more than `limit` bytes. Past the limit the rest is read and
 * dropped (so the client sees our 413 instead of a reset connection) but never buffered.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number.isFinite(declared) && declared > limit
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      if (!tooLarge) chunks.push(chunk)
    })
    req.on('end', () => (tooLarge ? reject(PAYLOAD_TOO_LARGE()) : resolve(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}

/**
 * Parses a request body into a JSON object. Coral answers a body it cannot read with a
 * SerializationException, as it does a member of the wrong type (recorded: test_apigateway_api >
 * test_put_integration_request_parameter_bool_type); an empty body is an empty input.
 */
export function parseJsonObject(raw: Buffer): JsonObject {
  const text = raw.toString('utf8')
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ManagementError('SerializationException', `Unable to parse the request body as JSON: ${(error as Error).message}`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ManagementError('SerializationException', 'The request body must be a JSON object')
  }
  // No operation's input nests anywhere near this deep; refused here, it never reaches a recursive walker.
  if (exceedsJsonDepth(value)) {
    throw new ManagementError('SerializationException', `The request body nests deeper than ${MAX_JSON_DEPTH} levels`)
  }
  return value as JsonObject
}

/** A success: JSON body, or nothing at all for 202/204 deletes. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const headers: Record<string, string | number> = { 'x-amzn-RequestId': newRequestId() }
  if (body === undefined) {
    headers['content-length'] = 0
    res.writeHead(status, headers).end()
    return
  }
  const payload = Buffer.from(JSON.stringify(body))
  headers['content-type'] = 'application/json'
  headers['content-length'] = payload.length
  res.writeHead(status, headers).end(payload)
}

/** A success whose body is not JSON (GetExport): the bytes as given, with their content type and headers. */
export function sendPayload(
  res: ServerResponse,
  status: number,
  payload: { readonly contentType: string; readonly headers?: Readonly<Record<string, string>>; readonly data: Buffer },
): void {
  res.writeHead(status, {
    ...payload.headers,
    'x-amzn-RequestId': newRequestId(),
    'content-type': payload.contentType,
    'content-length': payload.data.length,
  }).end(payload.data)
}

/** An AWS-shaped error: the SDKs read the code from `x-amzn-ErrorType` and the text from `message`. */
export function sendError(res: ServerResponse, error: ManagementError): void {
  const payload = Buffer.from(JSON.stringify(error.detail === undefined ? { message: error.message } : { message: error.message, detail: error.detail }))
  res.writeHead(error.statusCode, {
    'x-amzn-RequestId': newRequestId(),
    'x-amzn-ErrorType': error.code,
    'content-type': 'application/json',
    'content-length': payload.length,
  }).end(payload)
}
