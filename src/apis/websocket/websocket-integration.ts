import type { HttpIntegration } from '../../model/v2/integration.ts'

/**
 * An integration response (API reference v2, "IntegrationResponse"; developer guide, "Setting up a
 * WebSocket API integration responses in API Gateway"): its key is `$default` or a pattern wrapped
 * in slashes (`/2\d\d/`, `/4\d\d/`) matched against what the integration's response selection
 * expression reads. Kept inside its integration's document, so a deployment freezes it with the
 * integration and deleting the integration or the API takes it along.
 */
export interface WebSocketIntegrationResponse {
  integrationResponseId: string
  integrationResponseKey: string
  templateSelectionExpression?: string
  responseTemplates?: Record<string, string>
  responseParameters?: Record<string, string>
  contentHandlingStrategy?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'
}

/** A WebSocket API's integration: the v2 integration with the members only WebSocket APIs take (API reference v2, "Integration"). */
export interface WebSocketIntegration extends HttpIntegration {
  requestTemplates?: Record<string, string>
  templateSelectionExpression?: string
  passthroughBehavior?: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER'
  contentHandlingStrategy?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT'
  integrationResponseSelectionExpression?: string
  credentialsArn?: string
  integrationResponses?: WebSocketIntegrationResponse[]
}

/** The integration as the API reference answers it: its integration responses are their own resource. */
export function publicIntegration(integration: WebSocketIntegration): Omit<WebSocketIntegration, 'integrationResponses'> {
  const { integrationResponses: _responses, ...rest } = integration
  return rest
}
