import {
  ApiGatewayV2Client, CreateApiCommand, CreateDeploymentCommand, CreateIntegrationCommand, CreateRouteCommand, CreateRouteResponseCommand, CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2'
import { DEFAULT_AWS_ENVIRONMENT } from '../../src/core/aws-environment.ts'
import type { TestGateway } from './gateway.ts'

/** A real `@aws-sdk/client-apigatewayv2` client pointed at a test gateway's management API. */
export function apiGatewayV2Client(gateway: TestGateway): ApiGatewayV2Client {
  return new ApiGatewayV2Client({
    endpoint: gateway.adminUrl,
    region: DEFAULT_AWS_ENVIRONMENT.region,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  })
}

/** `http://127.0.0.1:<port>/_aws/execute-api/<apiId>`: an HTTP API's invoke URL in the host-free form (`$default` stage at its root). */
export const httpApiUrl = (gateway: TestGateway, apiId: string): string => `${gateway.url}/_aws/execute-api/${apiId}`

/** The ARN of a function the test gateway hosts. */
export const functionArn = (name: string): string =>
  `arn:aws:lambda:${DEFAULT_AWS_ENVIRONMENT.region}:${DEFAULT_AWS_ENVIRONMENT.accountId}:function:${name}`

/**
 * A WebSocket API deployed to `stage` as the AWS CLI builds one: an `AWS_PROXY` integration per route
 * with the function named; a route whose entry says `twoWay` gets a `$default` route response (its
 * integration's answer goes back to the client). Returns the API's id.
 */
export async function deployWebSocketApi(
  v2: ApiGatewayV2Client, name: string, routes: Readonly<Record<string, string | { readonly fn: string; readonly twoWay: true }>>, stage: string,
): Promise<string> {
  const apiId = (await v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!
  for (const [routeKey, target] of Object.entries(routes)) {
    const { fn, twoWay } = typeof target === 'string' ? { fn: target, twoWay: false } : target
    const integration = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: functionArn(fn) }))
    const route = await v2.send(new CreateRouteCommand({
      ApiId: apiId, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}`, ...(twoWay ? { RouteResponseSelectionExpression: '$default' } : {}),
    }))
    if (twoWay) await v2.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: route.RouteId, RouteResponseKey: '$default' }))
  }
  await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: stage }))
  await v2.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: stage }))
  return apiId
}
