import { badRequest, conflict, notFound, type ManagementError } from '../../../core/management-error.ts'

/**
 * The refusals particular to WebSocket APIs. No report of AWS's own texts for these was seen; each
 * names what is wrong. The texts WebSocket APIs share with HTTP APIs (unknown ids, a route key
 * taken) are the HTTP kind's `V2_MESSAGES`.
 */
export const WEBSOCKET_MESSAGES = {
  /** The API reference v2, "Apis": `RouteSelectionExpression` is required for WebSocket APIs. */
  routeSelectionExpressionRequired: (): ManagementError => badRequest('RouteSelectionExpression is required for WebSocket APIs'),
  /** Developer guide, "WebSocket selection expressions": the two API key selection expressions there are. */
  apiKeySelectionExpressionInvalid: (expression: string): ManagementError =>
    badRequest(`Invalid ApiKeySelectionExpression ${expression}: use $request.header.x-api-key or $context.authorizer.usageIdentifierKey`),
  /** The limits of the API reference v2, "Integration" (`timeoutInMillis`: 50 to 29000 ms for WebSocket APIs). */
  timeoutOutOfRange: (): ManagementError => badRequest('TimeoutInMillis must be between 50 and 29000 for WebSocket APIs'),
  integrationTypeInvalid: (type: string): ManagementError =>
    badRequest(`Invalid IntegrationType ${type}: a WebSocket API takes AWS_PROXY, AWS, HTTP, HTTP_PROXY or MOCK`),
  integrationUriInvalid: (uri: string | undefined): ManagementError =>
    badRequest(`Invalid IntegrationUri ${uri ?? '(none)'}: an AWS_PROXY or AWS integration takes a Lambda function ARN or its invocation URI`),
  enumInvalid: (member: string, value: string, allowed: readonly string[]): ManagementError =>
    badRequest(`Invalid ${member} ${value}: use one of ${allowed.join(', ')}`),
  /** Developer guide, "Setting up data mapping for WebSocket APIs": the mapping expressions a WebSocket integration takes. */
  requestParameterInvalid: (target: string, source: string): ManagementError =>
    badRequest(`Invalid mapping expression specified: ${target} = ${source}; a WebSocket integration maps integration.request.{header|querystring|path}.NAME from route.request.*, stageVariables.*, context.* or a quoted literal`),
  responseParameterInvalid: (target: string, source: string): ManagementError =>
    badRequest(`Invalid mapping expression specified: ${target} = ${source}; an integration response maps route.response.header.NAME from integration.response.*, stageVariables.*, context.* or a quoted literal`),
  templateKeyInvalid: (key: string): ManagementError => badRequest(`Invalid template key ${JSON.stringify(key)}: a template's key is what its template selection expression evaluates to`),
  /** Developer guide, "Setting up a WebSocket API integration responses in API Gateway": `$default` or a pattern in forward slashes. */
  integrationResponseKeyInvalid: (key: string): ManagementError =>
    badRequest(`Invalid IntegrationResponseKey ${key}: use $default or a regular expression wrapped in forward slashes, such as /2\\d\\d/`),
  integrationResponseNotFound: (accountId: string, id: string): ManagementError => notFound(`Invalid IntegrationResponse identifier specified ${accountId}:${id}`),
  integrationResponseExists: (key: string): ManagementError =>
    conflict(`Unable to create integration response. Integration response key ${key} already exists for this integration`),
  notForProxyIntegrations: (): ManagementError => badRequest('Integration responses are for non-proxy integrations: a proxy integration passes its response through'),
  authorizationTypeInvalid: (type: string): ManagementError => badRequest(`Invalid AuthorizationType ${type}: a WebSocket route takes NONE, AWS_IAM or CUSTOM`),
  /** Developer guide, "$connect and $disconnect routes": authorization is set on `$connect` only. */
  authorizationOnlyOnConnect: (routeKey: string): ManagementError =>
    badRequest(`Only the $connect route of a WebSocket API can have an authorization type other than NONE, not ${routeKey}`),
  authorizerIdInvalid: (authorizerId: string | undefined): ManagementError =>
    badRequest(`Invalid AuthorizerId ${authorizerId ?? '(none)'}: a CUSTOM route takes a REQUEST authorizer of this API, and only a CUSTOM route takes one`),
  /** Developer guide, "Setting up route responses for WebSocket APIs": `$default` is the only route response key supported. */
  routeResponseKeyInvalid: (key: string): ManagementError => badRequest(`Invalid RouteResponseKey ${key}: WebSocket APIs support only $default`),
  routeResponseNotFound: (accountId: string, id: string): ManagementError => notFound(`Invalid RouteResponse identifier specified ${accountId}:${id}`),
  routeResponseExists: (key: string): ManagementError => conflict(`Unable to create route response. Route response key ${key} already exists for this route`),
  notForHttpApis: (): ManagementError => notFound('Route responses, integration responses and models are for WebSocket APIs'),
  modelNotFound: (accountId: string, id: string): ManagementError => notFound(`Invalid Model identifier specified ${accountId}:${id}`),
  /** The model name pattern of REST APIs' models, which WebSocket APIs' share (API reference, "CreateModel": alphanumeric). */
  modelNameInvalid: (name: string): ManagementError => badRequest(`Invalid model name specified: ${name}; a model name is alphanumeric`),
  modelNameTaken: (name: string): ManagementError => conflict(`Unable to complete operation due to concurrent modification. Model name ${name} already exists for this API`),
  requestModelInvalid: (name: string): ManagementError => badRequest(`Invalid model specified: ${name} is no model of this API`),
  modelInUse: (name: string, routeKey: string): ManagementError => conflict(`Cannot delete model '${name}', is referenced in route: ${routeKey}`),
  notForWebSocketApis: (): ManagementError => badRequest('This operation is not supported for WebSocket APIs by Gatehouse yet'),
} as const
