import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { lazyAgent } from '../integrations/http/backend-client.ts'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import type { Clock } from '../core/clock.ts'
import { hasNoContent, isFinalStatus } from '../core/final-status.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../core/gateway-error.ts'
import { EMPTY_BODY, type HttpRequest, type HttpResponse } from '../core/http.ts'
import { MAX_PAYLOAD_BYTES } from '../core/payload-limit.ts'
import { newExtendedRequestId, newRequestId } from '../core/ids.ts'
import type { Logger } from '../core/logger.ts'
import type { FunctionHost } from '../functions/function-host.ts'
import { NO_PRINCIPALS, type PrincipalDirectory } from '../auth/iam-principal.ts'
import { NO_USER_POOLS, type UserPoolKeys } from '../policies/authorizer/user-pool-keys.ts'
import type { ConnectionRegistry } from '../state/connection-registry.ts'
import type { StateBackend } from '../state/state-backend.ts'
import { clientAddress, trustedProxies } from './client-address.ts'
import type { ApiKind, GatewayEngines } from '../apis/api-kind.ts'
import { gatewayResponse } from '../apis/rest/pipeline/phases/gateway-response.ts'
import { isDataPlaneRequest, parseRequestTarget, type RequestTarget } from '../apis/request-target.ts'
import { REST_API_KIND } from '../apis/rest/rest-api-kind.ts'
import { HTTP_API_KIND } from '../apis/http/http-api-kind.ts'
import { findRootTarget, notServedAtRoot, type RootApi } from './root-api.ts'
import type { CacheMetrics } from '../observability/cache-metrics.ts'
import type { CanaryMetrics } from '../observability/canary-metrics.ts'
import type { Catalog } from '../catalog/catalog.ts'
import { DEFAULT_WEBSOCKET_LIMITS, type WebSocketLimits } from '../apis/websocket/websocket-limits.ts'
import { OPEN_CONNECTIONS_API, type ConnectionsApiAccess } from '../apis/websocket/manage-connections.ts'


export interface DataPlaneDeps {
  /** Its only source of configuration: stages, compiled deployments, keys and plans, the account. */
  readonly catalog: Catalog
  /** The API kinds it serves, each with its stages in the catalog (api-kinds.ts). */
  readonly kinds: readonly ApiKind[]
  readonly clock: Clock
  readonly logger: Logger
  readonly aws: AwsEnvironment
  readonly functions: FunctionHost
  /** AWS_IAM callers: gatehouse.yaml `principals` (none by default). */
  readonly principals?: PrincipalDirectory
  /** Who may call `@connections` (unsigned calls accepted by default). */
  readonly connectionsAccess?: ConnectionsApiAccess
  /** CIDRs of proxies whose X-Forwarded-For/-Proto are believed (gatehouse.yaml `trustedProxies`). */
  readonly trustedProxies?: readonly string[]
  /** The Cognito user pools COGNITO_USER_POOLS authorizers may name (gatehouse.yaml `userPools`). */
  readonly userPools?: UserPoolKeys
  /** Request-path state picked by main.ts (memory or Redis): buckets, quotas, authorizer results, response caches. */
  readonly state: StateBackend
  /** The WebSocket connections this gateway holds (memory: this process only; Redis: every gateway on it). */
  readonly connections: ConnectionRegistry
  /** WebSocket connections' durations and new-connection rate (AWS's quotas by default). */
  readonly websocketLimits?: Partial<WebSocketLimits>
  /** CacheHitCount/CacheMissCount per stage (the control plane reads the same counts). */
  readonly cacheMetrics: CacheMetrics
  /** Where answers of stages with a canary are recorded (`gatehouse canary`). */
  readonly canaryMetrics?: CanaryMetrics
  /** The APIs served at the root of the port too (`gatehouse up`); none by default, as on AWS. */
  readonly rootApis?: () => readonly RootApi[]
}

export interface DataPlane {
  /** True when the request is addressed to a deployed API (execute-api host or path forms). */
  accepts(req: IncomingMessage): boolean
  /** The target of a request at the root of the port that a root API serves (root-api.ts). */
  rootTarget(req: IncomingMessage): Promise<RequestTarget | undefined>
  /** Serves a request; `target` when rootTarget() found one. */
  handle(req: IncomingMessage, res: ServerResponse, target?: RequestTarget): Promise<void>
  /** A WebSocket upgrade addressed to an API: the kind whose API it is answers it, accepting or refusing. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>
  /**
   * Ends every upgraded connection (the server's close would otherwise wait for them): each kind
   * first closes its own as it does when going away, then whatever is left is destroyed.
   */
  endUpgrades(): Promise<void>
  /** The answer to a root path that no root API serves, naming those that are. */
  refuseAtRoot(req: IncomingMessage, res: ServerResponse): void
  close(): Promise<void>
}

/** The data plane on node:http: reads the request, runs the pipeline, writes the answer. No framework. */
export function createDataPlane(deps: DataPlaneDeps): DataPlane {
  // One keep-alive pool per backend origin, shared by every HTTP/HTTP_PROXY integration.
  const dispatcher = lazyAgent({ keepAliveTimeout: 4_000, connections: 128 })
  const proxies = trustedProxies(deps.trustedProxies ?? [])
  const engines: GatewayEngines = {
    clock: deps.clock,
    logger: deps.logger,
    aws: deps.aws,
    functions: deps.functions,
    dispatcher,
    principals: deps.principals ?? NO_PRINCIPALS,
    connectionsAccess: deps.connectionsAccess ?? OPEN_CONNECTIONS_API,
    userPools: deps.userPools ?? NO_USER_POOLS,
    state: deps.state,
    connections: deps.connections,
    websocketLimits: { ...DEFAULT_WEBSOCKET_LIMITS, ...deps.websocketLimits },
    cacheMetrics: deps.cacheMetrics,
    canaryMetrics: deps.canaryMetrics,
    apiKeys: deps.catalog.apiKeys,
    account: deps.catalog.account,
  }
  // Each kind is asked in turn whether the API addressed is its own; the last one answers anything.
  const handlers = deps.kinds.map((kind) => kind.createHandler(deps.catalog.stagesOf(kind), engines))
  const answer = async (http: HttpRequest, target: RequestTarget, localPort: string): Promise<HttpResponse> => {
    for (const handler of handlers) {
      const answered = handler(http, target, localPort)
      if (answered === undefined) continue
      const response = await answered
      if (response !== undefined) return response
    }
    throw new Error(`no API kind answered ${target.restApiId}: the last registered kind must answer every request`)
  }
  const upgraded = new Set<Duplex>()
  const upgradeHandlers = deps.kinds.flatMap((kind) => kind.createUpgradeHandler?.(deps.catalog.stagesOf(kind), engines) ?? [])
  return {
    accepts: (req) => isDataPlaneRequest(req.headers.host, req.url ?? '/'),
    rootTarget: async (req) => {
      const apis = deps.rootApis?.() ?? []
      if (apis.length === 0) return undefined
      const rootStages = { rest: deps.catalog.stagesOf(REST_API_KIND), http: deps.catalog.stagesOf(HTTP_API_KIND) }
      return findRootTarget(rootStages, apis, req.method ?? 'GET', req.headers.host, req.url ?? '/')
    },
    refuseAtRoot(req, res) {
      req.resume()
      writeResponse(res, notServedAtRoot(deps.rootApis?.() ?? [], req.method ?? 'GET', req.url ?? '/'), false)
    },
    async handle(req, res, rootTarget) {
      const target = rootTarget ?? parseRequestTarget(req.headers.host, req.url ?? '/')
      const body = hasNoBody(req) ? EMPTY_BODY : await readBody(req)
      if (body === 'too-large' && target !== undefined) {
        for (const kind of deps.kinds) {
          const own = await kind.tooLarge?.(deps.catalog.stagesOf(kind), target.restApiId, MAX_PAYLOAD_BYTES)
          if (own === undefined) continue
          writeResponse(res, own, true)
          return
        }
      }
      if (body === 'too-large' || target === undefined) {
        const error = body === 'too-large'
          ? new GatewayError('REQUEST_TOO_LARGE', GATEWAY_MESSAGES.requestTooLarge)
          : new GatewayError('MISSING_AUTHENTICATION_TOKEN', GATEWAY_MESSAGES.missingAuthenticationToken)
        const response = gatewayResponse(error, { rawHeaders: req.rawHeaders })
        writeResponse(res, {
          ...response,
          headers: [...response.headers, ['x-amzn-RequestId', newRequestId()], ['x-amz-apigw-id', newExtendedRequestId()]],
        }, body === 'too-large')
        return
      }
      const http: HttpRequest = {
        method: req.method ?? 'GET',
        rawHeaders: req.rawHeaders,
        body,
        ...clientAddress(req.socket.remoteAddress, 'encrypted' in req.socket, req.rawHeaders, proxies),
        url: req.url ?? '/',
        protocol: `HTTP/${req.httpVersion}`,
      }
      writeResponse(res, await answer(http, target, String(req.socket.localPort ?? '')), false)
    },
    async handleUpgrade(req, socket, head) {
      upgraded.add(socket)
      socket.once('close', () => upgraded.delete(socket))
      const target = parseRequestTarget(req.headers.host, req.url ?? '/')
      if (target !== undefined) {
        const { sourceIp, secure } = clientAddress(req.socket.remoteAddress, 'encrypted' in req.socket, req.rawHeaders, proxies)
        const upgrade = { req, socket, head, target, sourceIp, secure: secure === true, localPort: String(req.socket.localPort ?? '') }
        for (const handler of upgradeHandlers) if (await handler(upgrade)) return
      }
      // No recording shows what a REST or HTTP API answers to a WebSocket handshake; it is refused, as an address not served.
      refuseUpgrade(socket)
    },
    async endUpgrades() {
      await Promise.all(deps.kinds.map((kind) => kind.endUpgrades?.(deps.catalog.stagesOf(kind))))
      for (const socket of upgraded) socket.destroy()
    },
    close: () => dispatcher.close(),
  }
}

function refuseUpgrade(socket: Duplex): void {
  const body = '{"message":"Forbidden"}'
  socket.on('error', () => socket.destroy())
  socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)
}

/**
 * A request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), nor one
 * with Content-Length 0: it is answered without waiting for the stream's end (node:http drains the
 * request itself once the response is sent).
 */
function hasNoBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')
}

/** The whole body, or 'too-large' as soon as it passes the limit (the rest is drained, not kept): a 413. */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_PAYLOAD_BYTES) {
    req.resume()
    return Promise.resolve('too-large')
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > MAX_PAYLOAD_BYTES) {
        tooLarge = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? 'too-large' : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * The gateway frames the body and decides the connection's fate itself; `Connection` and `Keep-Alive` from an
 * answer (integrations rename them to `x-amzn-Remapped-*` before this) never reach node:http, which would close
 * the client's connection on a `Connection: close`.
 */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive'])
/** Their lengths: a name of another length is passed without lowercasing a copy of it. */
const FRAMING_HEADER_LENGTHS = new Set([...FRAMING_HEADERS].map((name) => name.length))

function writeResponse(res: ServerResponse, response: HttpResponse, close: boolean): void {
  // The pipeline refuses statuses HTTP cannot carry; this is the last line, so that no path (a customised
  // gateway response, a future integration) can send an interim 1xx as the answer or a status past 599.
  if (!isFinalStatus(response.statusCode)) {
    writeInternalServerError(res, response, close)
    return
  }
  const headers: string[] = []
  for (const [name, value] of response.headers) {
    // The gateway frames the body itself: a backend's or a Lambda result's own framing headers would be sent
    // twice (or contradict the body after a mapping changed it), which HTTP clients reject.
    if (FRAMING_HEADER_LENGTHS.has(name.length) && FRAMING_HEADERS.has(name.toLowerCase())) continue
    headers.push(name, value)
  }
  // 204 and 304 carry no content and a 204 no Content-Length (RFC 9110 §8.6, §15.3.5); node:http drops their body
  // but would send the Content-Length given, which a client then waits for. 205 has an empty one (§15.3.6).
  // HEAD is answered with the Content-Length a GET would get (§9.3.2); node:http writes no body for it.
  const noContent = hasNoContent(response.statusCode)
  if (!noContent) headers.push('Content-Length', String(response.body.length))
  else if (response.statusCode === 205) headers.push('Content-Length', '0')
  pushConnection(headers, res, close)
  try {
    res.writeHead(response.statusCode, headers)
  } catch (error) {
    // A header value that HTTP cannot carry (CR/LF or NUL, e.g. from an authorizer's context or a
    // backend mapped into a header) is refused by node before anything is sent. Fail closed with
    // the gateway's own 500 rather than letting it surface as a crash of the request handler.
    if (!isInvalidHeaderError(error)) throw error
    writeInternalServerError(res, response, close)
    return
  }
  if (noContent) res.end()
  else if (response.body.length <= SMALL_BODY_BYTES) res.end(response.body.toString('latin1'), 'latin1')
  else res.end(response.body)
}

/**
 * A body up to this size is handed to node:http as latin1 text: one character per byte, so the bytes sent are the
 * same, and node joins it to the header block and writes both with one `write` rather than a `writev` of the
 * header text and the body's buffer. A bare node:http server on one core (wrk, 50 connections, two runs each)
 * answered 8-15 % more requests a second that way with a 64-byte body, 3-9 % more with 256 bytes and 1 % more
 * with 512; with 1 KB the copies into a string cost more than the second buffer (6-8 % fewer), and with 16 KB 6-22 %.
 */
const SMALL_BODY_BYTES = 512

/**
 * AWS answers `Connection: keep-alive` and no `Keep-Alive: timeout=...` (every recorded answer, e.g.
 * recorded: test_apigateway_common > test_invocation_trace_id > normal-req-headers-MOCK). node:http adds
 * that `Keep-Alive` line only when the answer names no `Connection` itself, so it is named here, with
 * the connection's real fate (a client asking to close, or HTTP/1.0, gets `close` from node anyway).
 */
function pushConnection(headers: string[], res: ServerResponse, close: boolean): void {
  if (close) headers.push('Connection', 'close')
  else if (res.shouldKeepAlive) headers.push('Connection', 'keep-alive')
}

const isInvalidHeaderError = (error: unknown): boolean =>
  error instanceof Error && ['ERR_INVALID_CHAR', 'ERR_INVALID_HTTP_TOKEN'].includes((error as NodeJS.ErrnoException).code ?? '')

const INTERNAL_SERVER_ERROR = Buffer.from('{"message": "Internal server error"}')

function writeInternalServerError(res: ServerResponse, refused: HttpResponse, close: boolean): void {
  const requestId = refused.headers.find(([name]) => name.toLowerCase() === 'x-amzn-requestid')?.[1]
  const headers: string[] = ['Content-Type', 'application/json', 'Content-Length', String(INTERNAL_SERVER_ERROR.length)]
  if (requestId !== undefined) headers.push('x-amzn-RequestId', requestId)
  headers.push('x-amzn-ErrorType', 'InternalServerErrorException')
  pushConnection(headers, res, close)
  res.writeHead(500, headers)
  res.end(INTERNAL_SERVER_ERROR)
}
