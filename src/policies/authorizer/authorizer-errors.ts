import { GatewayError } from '../../core/gateway-error.ts'

/** The answers an authorizer gives instead of letting a request through (FACTS §3.2). */

/** 401 `{"message":"Unauthorized"}`: no token, a token that fails validation, or the authorizer said so. */
export const unauthorized = (): GatewayError => new GatewayError('UNAUTHORIZED', 'Unauthorized')

const NOT_AUTHORIZED = 'User is not authorized to access this resource'

/** 403 with AWS's capitalised `Message` key when ACCESS_DENIED is not customised (FACTS §3.2). */
export const accessDenied = (): GatewayError =>
  new GatewayError('ACCESS_DENIED', NOT_AUTHORIZED, { defaultBody: JSON.stringify({ Message: NOT_AUTHORIZED }) })

/** 500 `{"message":null}`: the authorizer could not be run or answered something unusable (FACTS §3.2). */
export const authorizerConfigurationError = (cause?: unknown): GatewayError =>
  new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', null, { cause })

