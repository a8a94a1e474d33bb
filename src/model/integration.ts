/**
 * Integration and IntegrationResponse, as AWS returns them (recorded: test_apigateway_integrations >
 * test_put_integration_validation, test_put_integration_responses).
 */
export type IntegrationType = 'HTTP' | 'AWS' | 'MOCK' | 'HTTP_PROXY' | 'AWS_PROXY'
export const INTEGRATION_TYPES: readonly IntegrationType[] = ['HTTP', 'MOCK', 'AWS_PROXY', 'HTTP_PROXY', 'AWS']

export type PassthroughBehavior = 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER'
export type ContentHandling = 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'

export interface IntegrationResponse {
  statusCode: string
  selectionPattern?: string
  responseParameters?: Record<string, string>
  responseTemplates?: Record<string, string | null>
  contentHandling?: ContentHandling
}

export interface Integration {
  type: IntegrationType
  /** The wire name of `integrationHttpMethod` in responses. */
  httpMethod?: string
  uri?: string
  connectionType?: 'INTERNET' | 'VPC_LINK'
  connectionId?: string
  credentials?: string
  requestParameters?: Record<string, string>
  requestTemplates?: Record<string, string | null>
  passthroughBehavior: PassthroughBehavior
  contentHandling?: ContentHandling
  timeoutInMillis: number
  cacheNamespace: string
  cacheKeyParameters: string[]
  integrationResponses?: Record<string, IntegrationResponse>
  tlsConfig?: { insecureSkipVerification?: boolean }
}
