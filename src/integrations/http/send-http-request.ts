import { isFinalStatus } from '../../core/final-status.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../core/gateway-error.ts'
import { MAX_PAYLOAD_BYTES } from '../../core/payload-limit.ts'
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { EndpointResponse } from '../endpoint-response.ts'
import type { IntegrationContext } from '../integration.ts'
import { dispatchToEndpoint } from './dispatch-to-endpoint.ts'
import type { EndpointAddress } from './endpoint-address.ts'
import { discard, readEndpointBody, type EndpointBody } from './read-endpoint-body.ts'
import { nodeTlsOptions, tlsDispatcher, type BackendTls } from './tls-dispatcher.ts'

/**
 * One request to an HTTP backend over the shared keep-alive pool, bounded by the integration's
 * `timeoutInMillis` for the whole exchange: past it, 504 Endpoint request timed out; a backend that
 * cannot be reached is 500 Internal server error (recorded: test_apigateway_import > test_import_with_stage_variables >
 * get-error-resp-from-http). An answer over the 10 MB payload limit is 500 Internal server error, logged as AWS's
 * execution log words it ("Execution failed due to configuration error: Integration response of reported length
 * 10548739 is larger than allowed maximum of 10485760 bytes.", as quoted on AWS re:Post, "REST API payload max size
 * with compression"; no recording has the client's body, so it is the gateway's usual 500).
 */
export async function sendHttpRequest(context: IntegrationContext, request: EndpointRequest): Promise<EndpointResponse> {
  if (carriesUpgrade(request.headers)) return sendUpgradeWithNodeHttp(context, request)
  const sendsBody = request.body.length > 0 && request.method !== 'GET' && request.method !== 'HEAD'
  const { answer, timedOut } = dispatchToEndpoint(tlsDispatcher(context.dispatcher, request.tls), {
    origin: request.address.origin,
    path: request.address.path,
    method: request.method as 'GET',
    headers: request.headers,
    body: sendsBody ? request.body : undefined,
  }, MAX_PAYLOAD_BYTES, request.timeoutMs)
  try {
    const response = await answer
    return endpointResponse(context, request, response.statusCode, response.headers, response.body)
  } catch (error) {
    throw exchangeFailure(context, request.address, error, timedOut())
  }
}

/** One request to an endpoint, as an integration hands it over. */
export interface EndpointRequest {
  readonly address: EndpointAddress
  readonly method: string
  readonly headers: string[]
  readonly body: Buffer
  readonly timeoutMs: number
  readonly tls?: BackendTls
  /**
   * The name each answered header reaches the pipeline under, or undefined to drop it: a proxy integration
   * remaps them as the answer is collected (proxy-response-headers.ts) rather than in a second pass.
   */
  readonly responseHeaderName?: (name: string) => string | undefined
}

/** A request with a mapped `Upgrade` header goes through node:http (see sendWithNodeHttp), bounded the same way. */
async function sendUpgradeWithNodeHttp(context: IntegrationContext, request: EndpointRequest): Promise<EndpointResponse> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), request.timeoutMs)
  try {
    const sendsBody = request.body.length > 0 && request.method !== 'GET' && request.method !== 'HEAD'
    const response = await sendWithNodeHttp(request, sendsBody, abort.signal)
    if (!isFinalStatus(response.statusCode)) {
      discard(response.body)
      return endpointResponse(context, request, response.statusCode, response.headers, undefined)
    }
    return endpointResponse(context, request, response.statusCode, response.headers, await readEndpointBody(response, MAX_PAYLOAD_BYTES))
  } catch (error) {
    throw exchangeFailure(context, request.address, error, abort.signal.aborted)
  } finally {
    clearTimeout(timer)
  }
}

/** The answer as the pipeline takes it, or the gateway's failure for a status HTTP cannot carry or a body past the limit. */
function endpointResponse(
  context: IntegrationContext,
  request: EndpointRequest,
  statusCode: number,
  answered: Readonly<Record<string, string | string[] | undefined>>,
  read: EndpointBody | undefined,
): EndpointResponse {
  if (read === undefined || !isFinalStatus(statusCode)) {
    // undici skips interim responses (103 Early Hints) and fails on an unasked-for 101; what is left is
    // a final status past 599, which HTTP cannot carry: malformed, as a bad Lambda proxy result is (502).
    context.logger.warn({ url: request.address.url().href, statusCode }, 'Execution failed: the endpoint answered with a status HTTP cannot carry')
    throw new GatewayError('DEFAULT_5XX', GATEWAY_MESSAGES.internalServerError, { statusCode: 502 })
  }
  if ('tooLarge' in read) {
    context.logger.warn({ url: request.address.url().href }, `Execution failed due to configuration error: Integration response of reported length ${read.tooLarge} is larger than allowed maximum of ${MAX_PAYLOAD_BYTES} bytes.`)
    throw new GatewayError('API_CONFIGURATION_ERROR', GATEWAY_MESSAGES.internalServerError)
  }
  const headers: [string, string][] = []
  const rename = request.responseHeaderName
  for (const name in answered) {
    const value = answered[name]
    if (value === undefined) continue
    const named = rename === undefined ? name : rename(name)
    if (named === undefined) continue
    if (typeof value === 'string') headers.push([named, value])
    else for (const one of value) headers.push([named, one])
  }
  return { statusCode, headers, body: read.body }
}

/** What a failed exchange is answered with: past the timeout 504, an unreachable backend 500; the gateway's own failures as they are. */
function exchangeFailure(context: IntegrationContext, address: EndpointAddress, error: unknown, timedOut: boolean): GatewayError {
  if (error instanceof GatewayError) return error
  if (timedOut) return new GatewayError('INTEGRATION_TIMEOUT', GATEWAY_MESSAGES.endpointRequestTimedOut, { cause: error })
  context.logger.warn({ err: error, url: address.url().href }, 'Execution failed: the endpoint could not be reached')
  return new GatewayError('INTEGRATION_FAILURE', GATEWAY_MESSAGES.internalServerError, { statusCode: 500, cause: error })
}

const carriesUpgrade = (headers: readonly string[]): boolean => {
  for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() === 'upgrade') return true
  return false
}

/** Keep-alive pools for the requests undici will not send. */
const HTTP_AGENT = new HttpAgent({ keepAlive: true })
const HTTPS_AGENT = new HttpsAgent({ keepAlive: true })

/**
 * A request that carries a mapped `Upgrade` header. AWS sends it to the backend as mapped, on an
 * ordinary request (recorded: test_apigateway_integrations > test_apigateway_header_remapping_http[HTTP] and
 * [HTTP_PROXY] > full-integration, `Upgrade: HTTP/2.0`); undici refuses the header on a request (it
 * reserves protocol switches for its `upgrade()` call), so node:http sends this one. A backend that
 * does switch protocols (101) is answered as any non-final status is.
 */
function sendWithNodeHttp(
  request: EndpointRequest,
  sendsBody: boolean,
  signal: AbortSignal,
): Promise<{ statusCode: number; headers: IncomingMessage['headers']; body: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const url = request.address.url()
    const https = url.protocol === 'https:'
    // A whole body goes with its length, as undici sends it; but node:http refuses a `Trailer` header on a
    // request that is not chunked, so with one mapped too the body goes in chunks (AWS sent its length).
    const withLength = sendsBody && !request.headers.some((name, i) => i % 2 === 0 && name.toLowerCase() === 'trailer')
    const headers = withLength ? [...request.headers, 'content-length', String(request.body.length)] : request.headers
    const tls = https ? nodeTlsOptions(request.tls) : {}
    const outgoing = (https ? httpsRequest : httpRequest)(url, {
      method: request.method,
      headers,
      // The shared pool has no client certificate of its own; a request with TLS settings gets a connection of its own.
      agent: https ? (Object.keys(tls).length > 0 ? false : HTTPS_AGENT) : HTTP_AGENT,
      ...tls,
      signal,
    })
    outgoing.on('response', (response) => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response }))
    // The backend switched protocols: no final answer, and the socket is not the gateway's to keep.
    outgoing.on('upgrade', (response, socket) => {
      socket.destroy()
      resolve({ statusCode: response.statusCode ?? 101, headers: response.headers, body: response })
    })
    outgoing.on('error', reject)
    outgoing.end(sendsBody ? request.body : undefined)
  })
}
