import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2'
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
