import { lazyAgent, type LazyAgent } from '../../../integrations/http/backend-client.ts'
import { GATEWAY_MESSAGES, GatewayError } from '../../../core/gateway-error.ts'
import type { HttpRequest, HttpResponse } from '../../../core/http.ts'
import { newExtendedRequestId, newRequestId, newTraceId } from '../../../core/ids.ts'
import { parseQueryString } from '../../../core/query-string.ts'
import type { EndpointResponse } from '../../../integrations/endpoint-response.ts'
import type { IntegrationContext, IntegrationRequest } from '../../../integrations/integration.ts'
import type { Integration as IntegrationConfig } from '../../../model/integration.ts'
import type { Stage } from '../../../model/stage.ts'
import { optionalObject, optionalString, optionalStringMap } from '../../operations/input.ts'
import type { Operation, Reply } from '../../operations/operation.ts'
import type { RequestTarget } from '../../request-target.ts'
import { compileDeployment } from '../deploy/compile.ts'
import type { CompiledDeployment, CompiledMethod } from '../deploy/compiled-deployment.ts'
import type { ResourceNode } from '../deploy/resource-tree.ts'
import { snapshotRestApi } from '../deploy/snapshot.ts'
import { buildRequestContext } from '../pipeline/context-variables.ts'
import { gatewayResponse } from '../pipeline/phases/gateway-response.ts'
import { integrationRequest } from '../pipeline/phases/integration-request.ts'
import { integrationResponse } from '../pipeline/phases/integration-response.ts'
import type { MethodRequest, RequestIds, RoutedRequest } from '../pipeline/records.ts'
import { matchResource } from '../pipeline/router/match-resource.ts'
import { compileStageSettings } from '../pipeline/stage-settings.ts'
import type { ServedStage } from '../stage-registry.ts'
import { placeVpcLinks } from '../vpc-link-placement.ts'
import { ACCOUNT_SCOPE } from '../../../store/store.ts'
import { requireClientCertificate } from './client-certificate.ts'
import { requireMethod, requireResource } from './lookups.ts'
import { NO_FUNCTIONS } from './test-invoke-authorizer.ts'
import { ExecutionLog, javaMap } from './test-invoke-log.ts'

/**
 * TestInvokeMethod (`POST /restapis/{id}/resources/{resourceId}/methods/{httpMethod}`, the console's
 * "Test"): the method as the API defines it now — no deployment needed — run through the REST
 * pipeline's own phases (request validation, Integration Request, the integration, Integration
 * Response) with the headers, query string, body, stage variables and client certificate given.
 * As on AWS the test skips authorization, API keys and throttling, and is routed to the method
 * asked for whatever the path (recorded: test_apigateway_api > test_invoke_test_method: a path
 * the resource does not match leaves its path parameters empty). The answer is `{status, body,
 * headers, multiValueHeaders, log, latency}`; the event a Lambda sees names the stage
 * `test-invoke-stage`, the domain `testPrefix.testDomainName`, the source IP `test-invoke-source-ip`
 * and the API key `test-invoke-api-key`, and its `path` has no stage (sample event:
 * powertools-ts/apigw-rest/console-test-ui.json).
 */

const TEST_STAGE = 'test-invoke-stage'
const TEST_DOMAIN = 'testPrefix.testDomainName'
const TEST_SOURCE_IP = 'test-invoke-source-ip'
const TEST_API_KEY = 'test-invoke-api-key'

/** Backends a test reaches without the data plane's pool: one of its own, made when first needed. */
let testDispatcher: LazyAgent | undefined

export async function testInvokeMethod({ deps, params, body }: Operation): Promise<Reply> {
  const { restApiId, resourceId, httpMethod } = params
  // An unknown API answers as an unknown resource (recorded: test_invoke_test_method > rest-api-not-found).
  const resource = await requireResource(deps.store, restApiId, resourceId)
  requireMethod(resource, httpMethod)
  const pathWithQueryString = optionalString(body, 'pathWithQueryString') ?? resource.path
  const question = pathWithQueryString.indexOf('?')
  const path = question === -1 ? pathWithQueryString : pathWithQueryString.slice(0, question)
  const rawQuery = question === -1 ? '' : pathWithQueryString.slice(question + 1)
  const rawHeaders = givenHeaders(body)
  const stageVariables = (optionalStringMap(body, 'stageVariables') ?? {}) as Record<string, string>
  const clientCertificateId = optionalString(body, 'clientCertificateId')
  const certificate = clientCertificateId === undefined ? undefined : await requireClientCertificate(deps.store, clientCertificateId)

  const snapshot = (await snapshotRestApi(deps.store, restApiId))!
  const deployment = compileDeployment('test-invoke', snapshot)
  const method = findMethod(deployment, resourceId, httpMethod)!
  const now = deps.clock.now()
  const ids: RequestIds = { requestId: newRequestId(), extendedRequestId: newExtendedRequestId(), traceId: newTraceId(now), requestTimeEpoch: now }
  const http: HttpRequest = {
    method: httpMethod, rawHeaders, body: Buffer.from(optionalString(body, 'body') ?? '', 'utf8'), sourceIp: TEST_SOURCE_IP,
    url: pathWithQueryString, protocol: 'HTTP/1.1',
  }
  const vpcLinks = placeVpcLinks(await deps.store.list('vpc-link', ACCOUNT_SCOPE), deps.vpcLinkTargets ?? {})
  const served = testStage(restApiId, deployment, stageVariables, now, vpcLinks, certificate && { certificatePem: certificate.pemEncodedCertificate, privateKeyPem: certificate.privateKeyPem })
  const match = deployment.root === undefined ? undefined : matchResource(deployment.root, path, httpMethod)
  const routed: RoutedRequest = {
    http, ids, served, method, path, stagePath: path, rawQuery, domainName: TEST_DOMAIN,
    pathParameters: match?.method === method ? match.pathParameters : {},
  }
  const context = buildRequestContext(routed, deps.aws)
  // The test's own API key stands in for the caller's (sample event: powertools-ts/apigw-rest/console-test-ui.json).
  const requestContext = { ...context, identity: { ...context.identity, apiKey: TEST_API_KEY, apiKeyId: `${TEST_API_KEY}-id` } }
  const request: MethodRequest = { ...routed, headers: rawHeaders, query: parseQueryString(rawQuery), requestContext }

  const log = new ExecutionLog(ids.requestId, () => deps.clock.now())
  log.add(`Starting execution for request: ${ids.requestId}`)
  log.add(`HTTP Method: ${httpMethod}, Resource Path: ${path}`)
  log.add(`Method request path: ${javaMap(Object.entries(routed.pathParameters))}`)
  // One value a name, the last, as `queryStringParameters` keeps it.
  log.add(`Method request query string: ${javaMap([...request.query].map(([name, values]) => [name, values[values.length - 1]] as const))}`)
  log.add(`Method request headers: ${javaMap(pairs(rawHeaders))}`)
  log.add(`Method request body before transformations: ${http.body.toString('utf8')}`)
  const started = performance.now()
  const integrations: IntegrationContext = {
    functions: deps.functions ?? NO_FUNCTIONS, dispatcher: (testDispatcher ??= lazyAgent({ keepAliveTimeout: 4_000 })), aws: deps.aws, logger: deps.logger,
  }
  let answer: HttpResponse
  try {
    answer = await invokeMethod(request, method, integrations, log)
    log.add(`Method response body after transformations: ${answer.body.toString('utf8')}`)
    log.add(`Method response headers: ${javaMap(answer.headers)}`)
    log.add('Successfully completed execution')
  } catch (caught) {
    const error = caught instanceof GatewayError ? caught : new GatewayError('DEFAULT_5XX', GATEWAY_MESSAGES.internalServerError, { statusCode: 500, cause: caught })
    if (!(caught instanceof GatewayError)) deps.logger.error({ err: caught, requestId: ids.requestId }, 'unexpected error in TestInvokeMethod')
    log.add(failureText(error))
    const target: RequestTarget = { restApiId, stageName: TEST_STAGE, path, stagePath: routed.stagePath, rawQuery, domainName: TEST_DOMAIN }
    const rendered = gatewayResponse(error, { deployment, request, rawHeaders, received: { http, target, ids, served, routed } })
    // The test shows an error answer's headers without its Content-Type (recorded: test_failed_invoke_test_method > test-invoke-failure).
    answer = { ...rendered, headers: rendered.headers.filter(([name]) => name.toLowerCase() !== 'content-type') }
  }
  log.add(`Method completed with status: ${answer.statusCode}`)
  const headers: Record<string, string> = {}
  const multiValueHeaders: Record<string, string[]> = {}
  for (const [name, value] of answer.headers) {
    headers[name] = value
    ;(multiValueHeaders[name] ??= []).push(value)
  }
  return {
    status: 200,
    body: {
      status: answer.statusCode, body: answer.body.toString('utf8'), headers, multiValueHeaders, log: log.text(),
      latency: Math.round(performance.now() - started),
    },
  }
}

/** Integration Request, the integration and Integration Response, each step written to the log as AWS words it. */
async function invokeMethod(request: MethodRequest, method: CompiledMethod, context: IntegrationContext, log: ExecutionLog): Promise<HttpResponse> {
  method.validate?.(request)
  const mapped = integrationRequest(request)
  const config = method.method.methodIntegration
  const mock = method.integration.type === 'MOCK'
  const sent = () => {
    if (!mock && config !== undefined) logEndpointRequest(log, config, request, mapped)
  }
  const integrationStarted = performance.now()
  let endpoint: EndpointResponse
  try {
    endpoint = await method.integration.invoke(mapped, context)
  } catch (error) {
    // An endpoint that cannot be reached is a configuration error, logged without the request (recorded: test_failed_invoke_test_method).
    if (!(error instanceof GatewayError && error.type === 'INTEGRATION_FAILURE')) sent()
    throw error
  }
  sent()
  if (!mock) logEndpointResponse(log, endpoint, Math.round(performance.now() - integrationStarted))
  const response = method.mapping === undefined ? endpoint : integrationResponse(request, endpoint, mapped.overrides)
  // MOCK answers carry no X-Amzn-Trace-Id; the others do (recorded: test_apigateway_basic > test_apigw_test_invoke_method_api).
  return mock ? response : { ...response, headers: [['X-Amzn-Trace-Id', request.ids.traceId], ...response.headers] }
}

function logEndpointRequest(log: ExecutionLog, config: IntegrationConfig, request: MethodRequest, mapped: IntegrationRequest): void {
  const uri = endpointUri(config, request)
  log.add(`Endpoint request URI: ${uri}`)
  log.add(`Endpoint request headers: ${javaMap([
    ...(config.type.startsWith('AWS') ? [['x-amzn-lambda-integration-tag', request.ids.requestId] as const] : []),
    ['x-amzn-apigateway-api-id', request.served.restApiId], ['Accept', 'application/json'], ['User-Agent', `AmazonAPIGateway_${request.served.restApiId}`],
    ...Object.entries(mapped.parameters.header),
  ])}`)
  log.add(`Endpoint request body after transformations: ${mapped.body.toString('utf8')}`)
  log.add(`Sending request to ${uri}`)
}

function logEndpointResponse(log: ExecutionLog, endpoint: EndpointResponse, latencyMs: number): void {
  log.add(`Received response. Status: ${endpoint.statusCode}, Integration latency: ${latencyMs} ms`)
  log.add(`Endpoint response headers: ${javaMap(endpoint.headers)}`)
  log.add(`Endpoint response body before transformations: ${endpoint.body.toString('utf8')}`)
}

/**
 * The endpoint as AWS's log names it: an AWS service URI (`arn:aws:apigateway:{region}:{service}:path/{path}`)
 * as the service's HTTPS endpoint, an HTTP one with its path parameters and stage variables in place.
 */
function endpointUri(config: IntegrationConfig, request: MethodRequest): string {
  const uri = config.uri ?? ''
  const service = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):([a-z0-9-]+):path\/+(.*)$/.exec(uri)
  if (service !== null) return `https://${service[2]}.${service[1]}.amazonaws.com/${service[3]}`
  return uri
    .replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) => (Object.hasOwn(request.served.stageVariables, name) ? request.served.stageVariables[name] : ''))
    .replace(/\{([^}+]+)\+?\}/g, (whole, name: string) => (Object.hasOwn(request.pathParameters, name) ? request.pathParameters[name] : whole))
}

/** What AWS's log says when the request fails (recorded: test_failed_invoke_test_method: an endpoint that cannot be reached). */
function failureText(error: GatewayError): string {
  if (error.type === 'INTEGRATION_FAILURE') return 'Execution failed due to configuration error: Invalid endpoint address'
  if (error.type === 'INTEGRATION_TIMEOUT') return 'Execution failed due to a timeout error'
  return `Execution failed: ${error.errorMessage ?? error.type}`
}

function givenHeaders(body: Operation['body']): string[] {
  const headers: string[] = []
  for (const [name, value] of Object.entries(optionalStringMap(body, 'headers') ?? {})) if (value !== null) headers.push(name, value)
  for (const [name, values] of Object.entries(optionalObject(body, 'multiValueHeaders') ?? {})) {
    if (Array.isArray(values)) for (const value of values) if (typeof value === 'string') headers.push(name, value)
  }
  return headers
}

const pairs = (flat: readonly string[]): [string, string][] => {
  const out: [string, string][] = []
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]])
  return out
}

function findMethod(deployment: CompiledDeployment, resourceId: string, httpMethod: string): CompiledMethod | undefined {
  const visit = (node: ResourceNode<CompiledMethod> | undefined): CompiledMethod | undefined => {
    if (node === undefined) return undefined
    if (node.resource.id === resourceId) return node.methods.get(httpMethod)
    for (const child of node.literals.values()) {
      const found = visit(child)
      if (found !== undefined) return found
    }
    return visit(node.param?.node) ?? visit(node.greedy?.node)
  }
  return visit(deployment.root)
}

function testStage(
  restApiId: string, deployment: CompiledDeployment, variables: Record<string, string>, now: number,
  vpcLinks: ServedStage['vpcLinks'], clientCertificate: ServedStage['clientCertificate'],
): ServedStage {
  const epoch = Math.floor(now / 1000)
  const stage: Stage = {
    stageName: TEST_STAGE, deploymentId: deployment.deploymentId, createdDate: epoch, lastUpdatedDate: epoch, variables,
    cacheClusterEnabled: false, cacheClusterStatus: 'NOT_AVAILABLE', methodSettings: {}, tracingEnabled: false,
  }
  return {
    restApiId, stageName: TEST_STAGE, stage, stageVariables: variables, deployment, isCanaryRequest: false,
    settings: compileStageSettings(restApiId, stage), clientCertificate, vpcLinks,
  }
}
