/**
 * Client-visible failures of the data plane. Every one carries an AWS gateway response type;
 * `apis/rest/pipeline/phases/gateway-response.ts` is the only place that renders them.
 * Statuses: developer guide, "Gateway response types for API Gateway", and GetGatewayResponses as recorded
 * (test_apigateway_api > test_gateway_response_crud > get-gateway-responses). Messages: GATEWAY_MESSAGES.
 */

export type GatewayResponseType =
  | 'ACCESS_DENIED' | 'API_CONFIGURATION_ERROR' | 'AUTHORIZER_CONFIGURATION_ERROR' | 'AUTHORIZER_FAILURE'
  | 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY' | 'DEFAULT_4XX' | 'DEFAULT_5XX' | 'EXPIRED_TOKEN'
  | 'INTEGRATION_FAILURE' | 'INTEGRATION_TIMEOUT' | 'INVALID_API_KEY' | 'INVALID_SIGNATURE'
  | 'MISSING_AUTHENTICATION_TOKEN' | 'QUOTA_EXCEEDED' | 'REQUEST_TOO_LARGE' | 'RESOURCE_NOT_FOUND'
  | 'THROTTLED' | 'UNAUTHORIZED' | 'UNSUPPORTED_MEDIA_TYPE' | 'WAF_FILTERED'

export interface GatewayResponseDefault {
  /** AWS's default status; DEFAULT_4XX/DEFAULT_5XX have none of their own. */
  readonly statusCode?: number
  /** The family a type falls back to when the API has not customised it. */
  readonly family: 'DEFAULT_4XX' | 'DEFAULT_5XX'
}

/** The order AWS lists them in its ValidationException enum text (recorded: test_apigateway_api > test_gateway_response_validation). */
export const GATEWAY_RESPONSE_TYPES_ENUM_ORDER: readonly GatewayResponseType[] = [
  'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND', 'AUTHORIZER_CONFIGURATION_ERROR', 'MISSING_AUTHENTICATION_TOKEN',
  'BAD_REQUEST_BODY', 'INVALID_SIGNATURE', 'INVALID_API_KEY', 'BAD_REQUEST_PARAMETERS', 'AUTHORIZER_FAILURE',
  'UNAUTHORIZED', 'INTEGRATION_TIMEOUT', 'ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX', 'WAF_FILTERED',
  'QUOTA_EXCEEDED', 'THROTTLED', 'API_CONFIGURATION_ERROR', 'UNSUPPORTED_MEDIA_TYPE', 'INTEGRATION_FAILURE',
  'EXPIRED_TOKEN',
]

/** The 21 types and their default statuses (recorded: test_apigateway_api > test_gateway_response_crud > get-gateway-responses). */
export const GATEWAY_RESPONSE_DEFAULTS: Readonly<Record<GatewayResponseType, GatewayResponseDefault>> = {
  ACCESS_DENIED: { statusCode: 403, family: 'DEFAULT_4XX' },
  API_CONFIGURATION_ERROR: { statusCode: 500, family: 'DEFAULT_5XX' },
  AUTHORIZER_CONFIGURATION_ERROR: { statusCode: 500, family: 'DEFAULT_5XX' },
  AUTHORIZER_FAILURE: { statusCode: 500, family: 'DEFAULT_5XX' },
  BAD_REQUEST_BODY: { statusCode: 400, family: 'DEFAULT_4XX' },
  BAD_REQUEST_PARAMETERS: { statusCode: 400, family: 'DEFAULT_4XX' },
  DEFAULT_4XX: { family: 'DEFAULT_4XX' },
  DEFAULT_5XX: { family: 'DEFAULT_5XX' },
  EXPIRED_TOKEN: { statusCode: 403, family: 'DEFAULT_4XX' },
  INTEGRATION_FAILURE: { statusCode: 504, family: 'DEFAULT_5XX' },
  INTEGRATION_TIMEOUT: { statusCode: 504, family: 'DEFAULT_5XX' },
  INVALID_API_KEY: { statusCode: 403, family: 'DEFAULT_4XX' },
  INVALID_SIGNATURE: { statusCode: 403, family: 'DEFAULT_4XX' },
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 403, family: 'DEFAULT_4XX' },
  QUOTA_EXCEEDED: { statusCode: 429, family: 'DEFAULT_4XX' },
  REQUEST_TOO_LARGE: { statusCode: 413, family: 'DEFAULT_4XX' },
  RESOURCE_NOT_FOUND: { statusCode: 404, family: 'DEFAULT_4XX' },
  THROTTLED: { statusCode: 429, family: 'DEFAULT_4XX' },
  UNAUTHORIZED: { statusCode: 401, family: 'DEFAULT_4XX' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, family: 'DEFAULT_4XX' },
  WAF_FILTERED: { statusCode: 403, family: 'DEFAULT_4XX' },
}

/** The default template of every gateway response (recorded: test_apigateway_api > test_gateway_response_crud > get-gateway-responses). */
export const DEFAULT_GATEWAY_RESPONSE_TEMPLATE = '{"message":$context.error.messageString}'

/**
 * `x-amzn-ErrorType` sent with each type. The recordings show MissingAuthenticationTokenException
 * (test_apigateway_common > test_routing_not_found) and InternalServerErrorException
 * (test_apigateway_integrations > test_apigateway_header_remapping_aws > content-length); the others follow
 * the names AWS uses for the same failures.
 */
export const GATEWAY_ERROR_TYPE_HEADER: Readonly<Partial<Record<GatewayResponseType, string>>> = {
  ACCESS_DENIED: 'AccessDeniedException',
  API_CONFIGURATION_ERROR: 'InternalServerErrorException',
  AUTHORIZER_CONFIGURATION_ERROR: 'AuthorizerConfigurationException',
  AUTHORIZER_FAILURE: 'AuthorizerFailureException',
  BAD_REQUEST_BODY: 'BadRequestException',
  BAD_REQUEST_PARAMETERS: 'BadRequestException',
  DEFAULT_5XX: 'InternalServerErrorException',
  EXPIRED_TOKEN: 'ExpiredTokenException',
  INTEGRATION_FAILURE: 'InternalServerErrorException',
  INTEGRATION_TIMEOUT: 'InternalServerErrorException',
  INVALID_API_KEY: 'ForbiddenException',
  INVALID_SIGNATURE: 'InvalidSignatureException',
  MISSING_AUTHENTICATION_TOKEN: 'MissingAuthenticationTokenException',
  QUOTA_EXCEEDED: 'LimitExceededException',
  REQUEST_TOO_LARGE: 'RequestTooLargeException',
  RESOURCE_NOT_FOUND: 'ResourceNotFoundException',
  THROTTLED: 'TooManyRequestsException',
  UNAUTHORIZED: 'UnauthorizedException',
  UNSUPPORTED_MEDIA_TYPE: 'UnsupportedMediaTypeException',
  WAF_FILTERED: 'WAFFilteredException',
}

export interface GatewayErrorOptions {
  /** Overrides the type's default status (AWS answers malformed Lambda proxy output with 502 under DEFAULT_5XX). */
  readonly statusCode?: number
  /** `$context.error.validationErrorString`. */
  readonly validationError?: string
  /**
   * AWS's own body when the API has not customised the type, where it is not the default template's
   * (a Lambda authorizer's deny: `{"Message":"User is not authorized to access this resource"}`,
   * as widely reported; no recording has it).
   */
  readonly defaultBody?: string
  /** `x-amzn-ErrorType` when it is not the type's usual one (SigV4 failures: `IncompleteSignatureException`, `UnrecognizedClientException`). */
  readonly errorType?: string
  readonly cause?: unknown
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError'
  readonly type: GatewayResponseType
  readonly options: GatewayErrorOptions
  /** `message` becomes `$context.error.message`; `null` renders as JSON null (authorizer failures). */
  readonly errorMessage: string | null

  constructor(type: GatewayResponseType, message: string | null, options: GatewayErrorOptions = {}) {
    // An answer the gateway gives on purpose (a 403, a 429 under a flood), not a bug: capturing a
    // stack for each would cost more than the rest of refusing the request.
    const stackTraceLimit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message ?? 'null', { cause: options.cause })
    Error.stackTraceLimit = stackTraceLimit
    this.type = type
    this.errorMessage = message
    this.options = options
  }
}

/**
 * The fixed messages AWS uses for the failures the core pipeline raises. Missing Authentication Token and
 * Internal server error are recorded (test_apigateway_common > test_routing_not_found; test_apigateway_lambda >
 * test_aws_proxy_response_payload_format_validation); the others are AWS's texts as widely reported.
 */
export const GATEWAY_MESSAGES = {
  missingAuthenticationToken: 'Missing Authentication Token',
  internalServerError: 'Internal server error',
  endpointRequestTimedOut: 'Endpoint request timed out',
  requestTooLarge: 'Request Too Long',
  forbidden: 'Forbidden',
  tooManyRequests: 'Too Many Requests',
  unsupportedMediaType: 'Unsupported Media Type',
} as const
