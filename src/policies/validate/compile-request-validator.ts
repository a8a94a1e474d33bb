import { IGNORE_PROBLEMS, type ReportProblem } from '../../core/compile-problem.ts'
import { GatewayError } from '../../core/gateway-error.ts'
import { headerValue, mediaType } from '../../core/http.ts'
import type { Method } from '../../model/method.ts'
import type { Model } from '../../model/model.ts'
import type { RequestValidator } from '../../model/request-validator.ts'
import { compileModelValidators, type BodyCheck, type ModelValidators } from './compile-model-validators.ts'
import { compileMissingParameters } from './required-parameters.ts'
import type { ValidatedRequest } from './validated-request.ts'

/**
 * Request validation, compiled once per method at deploy time. Runs at the end of Method Request
 * and throws AWS's 400s (recorded: test_apigateway_common > test_api_gateway_request_validator):
 * `BAD_REQUEST_PARAMETERS` `Missing required request parameters: [a, b]` when the validator has
 * `validateRequestParameters`, then `BAD_REQUEST_BODY` `Invalid request body` when it has
 * `validateRequestBody` and the body fails the model of its Content-Type.
 */
export type RequestValidation = (request: ValidatedRequest) => void

export interface RequestValidationSources {
  readonly restApiId: string
  readonly models: readonly Model[]
  readonly requestValidators: readonly RequestValidator[]
}

/** One deployment's validators and models, ready to compile each of its methods. */
export function requestValidationCompiler(sources: RequestValidationSources): (method: Method, report?: ReportProblem) => RequestValidation | undefined {
  const validators = new Map(sources.requestValidators.map((validator) => [validator.id, validator] as const))
  const models = compileModelValidators(sources.restApiId, sources.models)
  return (method, report = IGNORE_PROBLEMS) => {
    const validator = method.requestValidatorId === undefined ? undefined : validators.get(method.requestValidatorId)
    return validator === undefined ? undefined : compileRequestValidator(method, validator, models, report)
  }
}

/** Undefined when the validator has nothing to check on this method. */
export function compileRequestValidator(
  method: Method,
  validator: RequestValidator,
  models: ModelValidators,
  report: ReportProblem = IGNORE_PROBLEMS,
): RequestValidation | undefined {
  const missingParameters = validator.validateRequestParameters ? compileMissingParameters(method.requestParameters) : undefined
  const bodyCheck = validator.validateRequestBody ? compileBodyChecks(method.requestModels, models, report) : undefined
  if (missingParameters === undefined && bodyCheck === undefined) return undefined
  return (request) => {
    const missing = missingParameters?.(request) ?? []
    if (missing.length > 0) {
      throw new GatewayError('BAD_REQUEST_PARAMETERS', `Missing required request parameters: [${missing.join(', ')}]`)
    }
    const check = bodyCheck?.(headerValue(request.headers, 'content-type'))
    const validationError = check?.(request.http.body)
    if (validationError !== undefined) throw new GatewayError('BAD_REQUEST_BODY', 'Invalid request body', { validationError })
  }
}

/**
 * The model for a request's Content-Type (none sent reads as `application/json`), else the one
 * under `$default`; with neither, the body is not validated
 * (developer guide, "Request validation for REST APIs in API Gateway").
 */
function compileBodyChecks(
  requestModels: Readonly<Record<string, string>> | undefined,
  models: ModelValidators,
  report: ReportProblem,
): ((contentType: string | undefined) => BodyCheck | undefined) | undefined {
  const byType = new Map<string, BodyCheck>()
  for (const [contentType, modelName] of Object.entries(requestModels ?? {})) {
    const check = models.get(modelName)
    if (check !== undefined) byType.set(contentType.toLowerCase(), check)
    else report(`request model ${modelName} for ${contentType} is not in the deployment or is no usable schema; bodies of that type are not validated`)
  }
  if (byType.size === 0) return undefined
  const fallback = byType.get('$default')
  return (contentType) => byType.get(mediaType(contentType) ?? 'application/json') ?? fallback
}
