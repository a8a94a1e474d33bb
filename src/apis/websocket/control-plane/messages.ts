import { badRequest, type ManagementError } from '../../../core/management-error.ts'

/**
 * The refusals particular to WebSocket APIs. No report of AWS's own texts for these was seen; each
 * names what is wrong. The texts WebSocket APIs share with HTTP APIs (unknown ids, a route key
 * taken) are the HTTP kind's `V2_MESSAGES`.
 */
export const WEBSOCKET_MESSAGES = {
  /** The API reference v2, "Apis": `RouteSelectionExpression` is required for WebSocket APIs. */
  routeSelectionExpressionRequired: (): ManagementError => badRequest('RouteSelectionExpression is required for WebSocket APIs'),
  /** The limits of the API reference v2, "Integration" (`timeoutInMillis`: 50 to 29000 ms for WebSocket APIs). */
  timeoutOutOfRange: (): ManagementError => badRequest('TimeoutInMillis must be between 50 and 29000 for WebSocket APIs'),
  integrationTypeNotSupported: (type: string): ManagementError =>
    badRequest(`Integration type ${type} is not supported for WebSocket APIs by Gatehouse yet: use AWS_PROXY`),
  integrationUriInvalid: (uri: string | undefined): ManagementError =>
    badRequest(`Invalid IntegrationUri ${uri ?? '(none)'}: an AWS_PROXY integration takes a Lambda function ARN or its invocation URI`),
  notForWebSocketApis: (): ManagementError => badRequest('This operation is not supported for WebSocket APIs by Gatehouse yet'),
} as const
