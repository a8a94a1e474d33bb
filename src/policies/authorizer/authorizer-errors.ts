import { GatewayError } from '../../core/gateway-error.ts'

/**
 * The answers an authorizer gives instead of letting a request through. The 401 is documented (developer guide,
 * "Use API Gateway Lambda authorizers"); the 403 and 500 bodies are AWS's as widely reported, not recorded.
 */

/** 401 `{"message":"Unauthorized"}`: no token, a token that fails validation, or the authorizer said so. */
export const unauthorized = (): GatewayError => new GatewayError('UNAUTHORIZED', 'Unauthorized')

const NOT_AUTHORIZED = 'User is not authorized to access this resource'

/**
 * 403 with AWS's capitalised `Message` key when ACCESS_DENIED is not customised. A policy that
 * denies explicitly says so; one that only fails to allow does not (AWS knowledge center, "How do I
 * troubleshoot HTTP 403 Forbidden errors from a Lambda authorizer with an API Gateway REST API?").
 */
export const accessDenied = (explicit = false): GatewayError => {
  const message = explicit ? `${NOT_AUTHORIZED} with an explicit deny` : NOT_AUTHORIZED
  return new GatewayError('ACCESS_DENIED', message, { defaultBody: JSON.stringify({ Message: message }) })
}

/** 500 `{"message":null}`: the authorizer could not be run or answered something unusable. */
export const authorizerConfigurationError = (cause?: unknown): GatewayError =>
  new GatewayError('AUTHORIZER_CONFIGURATION_ERROR', null, { cause })

