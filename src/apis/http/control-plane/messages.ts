import { badRequest, conflict, notFound, type ManagementError } from '../../../core/management-error.ts'

/**
 * The `apigatewayv2` messages, each with where AWS's text was seen. Where none was seen the text
 * follows the recorded ones' pattern and says so.
 */
export const V2_MESSAGES = {
  /** As users report it: aws/aws-sam-cli#7030 (`Invalid API identifier specified 665192190199:bwop0s66op`). */
  apiNotFound: (accountId: string, apiId: string): ManagementError => notFound(`Invalid API identifier specified ${accountId}:${apiId}`),
  /** The API identifier's pattern (no report of these seen). */
  routeNotFound: (accountId: string, routeId: string): ManagementError => notFound(`Invalid Route identifier specified ${accountId}:${routeId}`),
  integrationNotFound: (accountId: string, integrationId: string): ManagementError => notFound(`Invalid Integration identifier specified ${accountId}:${integrationId}`),
  deploymentNotFound: (accountId: string, deploymentId: string): ManagementError => notFound(`Invalid Deployment identifier specified ${accountId}:${deploymentId}`),
  stageNotFound: (accountId: string, stageName: string): ManagementError => notFound(`Invalid stage identifier specified ${accountId}:${stageName}`),
  /** As users report it: anomalyco/sst#5031 (409 `Route with key ANY /{proxy+} already exists for this API`). */
  routeExists: (routeKey: string): ManagementError => conflict(`Route with key ${routeKey} already exists for this API`),
  /** Our own wording: AWS has no pinned ids (gatehouse.yaml `apiIds`, `gatehouse up`). */
  pinnedApiIdTaken: (apiId: string): ManagementError => conflict(`API id ${apiId}, pinned for this API's name, is already taken`),
  /** No report seen; the REST stage text's pattern. */
  stageExists: (stageName: string): ManagementError => conflict(`Stage ${stageName} already exists`),
  /** No report seen of AWS's text; this one names what is wrong. */
  invalidRouteKey: (routeKey: string, problem: string): ManagementError => badRequest(`Invalid route key ${routeKey}: ${problem}`),
  /** No report seen of v2's text (REST's `Stage name only allows a-zA-Z0-9_` is REST's, and v2 takes `$default`). */
  invalidStageName: (stageName: string): ManagementError => badRequest(`Stage name ${stageName} is invalid: use $default, or letters, digits, - and _`),
  /** No report seen of v2's text; the bounds are the API reference v2's, "Integration" (`timeoutInMillis`: 50 to 30000 ms for HTTP APIs). */
  timeoutOutOfRange: (): ManagementError => badRequest('TimeoutInMillis must be between 50 and 30000 for HTTP APIs'),
  /** As users report it (aws/aws-cli#6363: `aws apigatewayv2 create-integration --integration-type AWS` on an HTTP API). */
  integrationTypeNotSupported: (): ManagementError => badRequest('Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)'),
  /** No report seen of AWS's texts for these integration refusals; each names what is wrong (API reference v2, "Integration"). */
  payloadFormatVersion: (version: string): ManagementError => badRequest(`PayloadFormatVersion ${version} is not supported: use 1.0 or 2.0 (HTTP_PROXY integrations take only 1.0)`),
  integrationUriRequired: (): ManagementError => badRequest('IntegrationUri is required for AWS_PROXY and HTTP_PROXY integrations'),
  integrationUriInvalid: (uri: string): ManagementError => badRequest(`Invalid IntegrationUri ${uri}: an HTTP_PROXY integration takes an http(s) URL, an AWS_PROXY one a Lambda function ARN`),
  integrationMethodRequired: (): ManagementError => badRequest('IntegrationMethod is required for HTTP_PROXY integrations'),
  invalidTarget: (target: string): ManagementError => badRequest(`Invalid route target ${target}: use integrations/<integrationId> of an integration of this API`),
  quickCreateTarget: (target: string): ManagementError => badRequest(`Invalid Target ${target}: quick create takes an http(s) URL or a Lambda function ARN`),
  /** No report seen: names the two protocol types v2 takes (API reference v2, "Api", protocolType). */
  protocolType: (type: string): ManagementError => badRequest(`Unsupported protocol type ${type}: use HTTP or WEBSOCKET`),
  /** As users report it (mach-composer/mach-composer-cli#42: CreateDeployment on an API without routes). */
  noRoutes: (): ManagementError => badRequest('Unable to deploy API because no routes exist in this API'),
  /** The REST text for the same refusal (API reference, DeleteDeployment). */
  deploymentInUse: (): ManagementError => badRequest('Active stages pointing to this deployment must be moved or deleted'),
  /** As users report it (milliHQ/terraform-aws-next-js#247: 409 on DeleteIntegration, `[xrfucl1]` for one route). */
  integrationInUse: (routeIds: readonly string[]): ManagementError => conflict(`Cannot delete Integration because it is referenced by the following Routes with Ids: [${routeIds.join(', ')}]`),
  authorizerNotFound: (accountId: string, authorizerId: string): ManagementError => notFound(`Invalid Authorizer identifier specified ${accountId}:${authorizerId}`),
  /** No report seen: names the member and what it takes (API reference v2, "Authorizer"). */
  authorizerInvalid: (problem: string): ManagementError => badRequest(`Invalid authorizer: ${problem}`),
  /** As users report it (anomalyco/sst#5586: 409 on DeleteAuthorizer, naming the authorizer and one route that uses it). */
  authorizerInUse: (name: string, routeKey: string): ManagementError => conflict(`Cannot delete authorizer '${name}', is referenced in route: ${routeKey}`),
  /**
   * A JWT route without a JWT authorizer of the API (none, another API's, or a REQUEST one), as users
   * report it (anomalyco/sst#4097, anomalyco/ion#470: 400 on CreateRoute). For CUSTOM routes no
   * report was seen: the same sentence, with the REQUEST authorizer a CUSTOM route takes.
   */
  routeAuthorizerRequired: (authorizationType: 'JWT' | 'CUSTOM'): ManagementError =>
    badRequest(`Invalid authorizer ID specified. Setting the authorization type to ${authorizationType} requires a valid ${authorizationType === 'JWT' ? 'JWT' : 'REQUEST'} authorizer.`),
  /** No report seen of AWS's texts for these two (API reference v2, "Route"). */
  routeScopesNeedJwt: (): ManagementError => badRequest('AuthorizationScopes are supported only for routes with authorization type JWT'),
  authorizationType: (value: string): ManagementError => badRequest(`Invalid authorization type ${value}: use NONE, AWS_IAM, CUSTOM or JWT`),
  /** AWS's wrapper for refused mappings, as users report it for HTTP API integrations (hashicorp/terraform-provider-aws#17997); the inner text is Gatehouse's. */
  invalidMapping: (problem: string): ManagementError => badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${problem}]`),
  /** No report seen: names the member and what it takes (API reference v2, "Cors"). */
  invalidCors: (problem: string): ManagementError => badRequest(`Invalid CorsConfiguration: ${problem}`),
  /** As users report it for CreateApi (aws/aws-cdk#9076: 400 BadRequestException from AmazonApiGatewayV2). */
  corsCredentialsWithWildcard: (): ManagementError => badRequest("allow-credentials is not supported if 'allow-origin' is *"),
  /** No report seen: names the member and what it takes (API reference v2, "RouteSettings"). */
  invalidRouteSettings: (problem: string): ManagementError => badRequest(`Invalid route settings: ${problem}`),
  /**
   * As users report it for CreateStage and UpdateStage (404 NotFoundException:
   * terraform-aws-modules/terraform-aws-apigateway-v2#80, DianaIonita/serverless-api-gateway-throttling#34).
   */
  routeSettingsUnknownRoute: (routeKey: string): ManagementError => notFound(`Unable to find Route by key ${routeKey} within the provided RouteSettings`),
  /**
   * No report seen of AWS's text for HTTP APIs. The rule is AWS's: the control plane wants
   * `$context.requestId` or `$context.extendedRequestId` in the format (aws/aws-cdk#22591, by the API
   * Gateway team's word), on one line (REST's text for that, ministryofjustice/cloud-platform-environments#12962:
   * "Access Log format must be single line, new line character is allowed only at end of the format").
   */
  accessLogFormat: (problem: string): ManagementError => badRequest(`Invalid AccessLogSettings.Format: ${problem}`),
  /** No report seen: HTTP APIs log to a CloudWatch Logs log group (developer guide, "Configuring logging for an HTTP API"). */
  accessLogDestination: (arn: string): ManagementError => badRequest(`Invalid AccessLogSettings.DestinationArn ${arn}: give a CloudWatch Logs log group ARN (arn:aws:logs:<region>:<account>:log-group:<name>)`),
  /** No report seen: names what a v2 tag ARN takes (developer guide, "Tagging your API Gateway resources"). */
  invalidTagArn: (arn: string): ManagementError => badRequest(`Invalid resource ARN ${arn}: tags go on arn:aws:apigateway:<region>::/apis/<apiId> or .../apis/<apiId>/stages/<stageName>`),
  /** No report seen of AWS's texts for these import and export refusals; each names what is wrong (developer guide, "Working with OpenAPI definitions for HTTP APIs"; API reference v2, "Exports"). */
  importDuplicateRoute: (routeKey: string): ManagementError => badRequest(`Route with key ${routeKey} is defined twice`),
  importUnknownScheme: (routeKey: string, scheme: string): ManagementError =>
    badRequest(`Route ${routeKey} names security scheme ${scheme}, which the document does not define with x-amazon-apigateway-authorizer or x-amazon-apigateway-authtype: awsSigv4`),
  exportSpecification: (specification: string): ManagementError => badRequest(`Invalid specification ${specification}: HTTP APIs export OAS30`),
  exportOutputType: (outputType: string): ManagementError => badRequest(`Invalid outputType ${outputType}: use YAML or JSON`),
  exportVersion: (version: string): ManagementError => badRequest(`Invalid exportVersion ${version}: the only export version is 1.0`),
  exportNoDeployment: (stageName: string): ManagementError => badRequest(`Stage ${stageName} has no deployment to export`),
} as const
