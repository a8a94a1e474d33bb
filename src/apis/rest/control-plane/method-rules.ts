import { badRequest } from '../../../core/management-error.ts'
import { HTTP_METHODS, type AuthorizationType, type HttpMethod, type Method } from '../../../model/method.ts'
import type { StoreReader } from '../../../store/store.ts'
import { REST_MESSAGES } from './messages.ts'

/** What PutMethod and UpdateMethod both check, with AWS's texts (recorded: test_apigateway_api > TestApiGatewayApiMethod). */

export const AUTHORIZATION_TYPES: readonly AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS']

export function validateHttpMethod(verb: string): HttpMethod {
  if (!(HTTP_METHODS as readonly string[]).includes(verb)) throw badRequest(REST_MESSAGES.invalidHttpMethod(HTTP_METHODS))
  return verb as HttpMethod
}

/**
 * `authorizationType` is a plain string in AWS's model, checked by the service, which takes it in any
 * case and stores the canonical form: PutMethod with `"none"` answers `"NONE"` (recorded:
 * test_apigateway_integrations > test_put_integration_responses > put-method-put).
 */
export function validateAuthorizationType(value: string): AuthorizationType {
  const canonical = AUTHORIZATION_TYPES.find((type) => type === value.toUpperCase())
  if (canonical === undefined) throw badRequest(REST_MESSAGES.invalidAuthorizationType(AUTHORIZATION_TYPES))
  return canonical
}

/** PutMethod/UpdateMethod accept only an authorizer of the same API (recorded: test_apigateway_api > test_put_method_validation). */
export async function authorizerExists(reader: StoreReader, restApiId: string, authorizerId: string): Promise<boolean> {
  return (await reader.get('authorizer', restApiId, authorizerId)) !== undefined
}

/** PutMethod/UpdateMethod accept only a validator of the same API (recorded: test_apigateway_api > test_put_method_validation). */
export async function requestValidatorExists(reader: StoreReader, restApiId: string, validatorId: string): Promise<boolean> {
  return (await reader.get('request-validator', restApiId, validatorId)) !== undefined
}

/** CUSTOM and COGNITO_USER_POOLS need an existing authorizer; for other types AWS drops `authorizerId`. */
export async function checkAuthorization(reader: StoreReader, restApiId: string, method: Method): Promise<void> {
  if (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS') {
    if (method.authorizerId === undefined || !(await authorizerExists(reader, restApiId, method.authorizerId))) {
      throw badRequest(REST_MESSAGES.invalidMethodAuthorizer)
    }
  } else {
    delete method.authorizerId
  }
}

export async function checkRequestValidator(reader: StoreReader, restApiId: string, validatorId: string | undefined): Promise<void> {
  if (validatorId !== undefined && !(await requestValidatorExists(reader, restApiId, validatorId))) {
    throw badRequest(REST_MESSAGES.invalidRequestValidator)
  }
}

/** `requestModels` values must name models of the API. */
export async function checkRequestModels(reader: StoreReader, restApiId: string, models: Record<string, string> | undefined): Promise<void> {
  for (const name of Object.values(models ?? {})) {
    if ((await reader.get('model', restApiId, name)) === undefined) throw badRequest(REST_MESSAGES.invalidModelIdentifier(name))
  }
}

const REQUEST_PARAMETER = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/

const invalidMappingExpression = (expression: string) => badRequest(REST_MESSAGES.invalidMappingExpression(expression))

/**
 * `method.request.{path|querystring|header}.X` keys with boolean "required" values; one name may
 * not appear in two places (recorded: test_apigateway_api > test_method_request_parameters > req-params-same-name). AWS reads a non-boolean value as a mapping expression
 * and rejects it with that text (recorded: test_apigateway_api > test_put_integration_request_parameter_bool_type).
 */
export function checkRequestParameters(parameters: Record<string, unknown> | undefined): Record<string, boolean> | undefined {
  if (parameters === undefined) return undefined
  const names = new Set<string>()
  for (const [key, value] of Object.entries(parameters)) {
    if (typeof value !== 'boolean') throw invalidMappingExpression(String(value))
    const match = REQUEST_PARAMETER.exec(key)
    if (match === null) throw invalidMappingExpression(key)
    const name = match[2]
    if (names.has(name)) throw badRequest(REST_MESSAGES.duplicateParameterName)
    names.add(name)
  }
  return parameters as Record<string, boolean>
}
