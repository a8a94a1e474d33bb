/**
 * How one model of a REST API refers to another: `$ref` to the absolute URL
 * `https://apigateway.amazonaws.com/restapis/{restApiId}/models/{modelName}` (recorded:
 * test_apigateway_common > test_api_gateway_request_validator_with_ref_models). AWS calls this the canonical form.
 */

const MODEL_URL_PREFIX = 'https://apigateway.amazonaws.com/restapis/'

export const modelUrl = (restApiId: string, modelName: string): string => `${MODEL_URL_PREFIX}${restApiId}/models/${modelName}`

export interface ModelReference {
  readonly restApiId: string
  readonly modelName: string
}

/** The API and model a `$ref` names (a `#fragment` after it is allowed), or undefined when it is not canonical. */
export function parseModelReference(ref: string): ModelReference | undefined {
  if (!ref.startsWith(MODEL_URL_PREFIX)) return undefined
  const hash = ref.indexOf('#')
  const match = /^([^/]+)\/models\/([^/]+)$/.exec(ref.slice(MODEL_URL_PREFIX.length, hash === -1 ? undefined : hash))
  return match === null ? undefined : { restApiId: match[1], modelName: match[2] }
}
