/**
 * The `x-amazon-apigateway-*` extensions REST API import reads and export writes, by AWS's names
 * (developer guide, "API Gateway extensions to OpenAPI").
 */
export const X = {
  integration: 'x-amazon-apigateway-integration',
  anyMethod: 'x-amazon-apigateway-any-method',
  authorizer: 'x-amazon-apigateway-authorizer',
  authtype: 'x-amazon-apigateway-authtype',
  auth: 'x-amazon-apigateway-auth',
  apiKeySource: 'x-amazon-apigateway-api-key-source',
  binaryMediaTypes: 'x-amazon-apigateway-binary-media-types',
  requestValidators: 'x-amazon-apigateway-request-validators',
  requestValidator: 'x-amazon-apigateway-request-validator',
  gatewayResponses: 'x-amazon-apigateway-gateway-responses',
  policy: 'x-amazon-apigateway-policy',
  minimumCompressionSize: 'x-amazon-apigateway-minimum-compression-size',
  endpointConfiguration: 'x-amazon-apigateway-endpoint-configuration',
  documentation: 'x-amazon-apigateway-documentation',
} as const

/** The OpenAPI operation keys that are HTTP methods, and the API Gateway method each becomes. */
export const OPERATION_VERBS: Readonly<Record<string, string>> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  [X.anyMethod]: 'ANY',
}

/** Where model `$ref`s point once imported: AWS rewrites local refs to model URLs (LS test_import_swagger_api > get-models). */
export const MODEL_URL_PREFIX = 'https://apigateway.amazonaws.com/restapis/'
