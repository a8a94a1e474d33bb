/**
 * The catalogue's texts for REST APIs as a whole: the not-found texts of what a call addresses,
 * CreateRestApi and UpdateRestApi, resource policies, and ImportRestApi/PutRestApi/GetExport.
 * messages.ts has the rules every entry follows.
 */
export const API_MESSAGES = {
  // --- What a call addresses (lookups.ts)
  // recorded: test_apigateway_api > test_update_rest_api_invalid_api_id > not-found-update-rest-api
  apiNotFound: (accountId: string, restApiId: string) => `Invalid API identifier specified ${accountId}:${restApiId}`,
  // recorded: test_apigateway_api > test_update_resource_behaviour > nonexistent-resource
  resourceNotFound: 'Invalid Resource identifier specified',
  // recorded: test_apigateway_api > test_update_method_validation > method-does-not-exist
  methodNotFound: 'Invalid Method identifier specified',
  // recorded: test_apigateway_api > test_get_integration_non_existent > get-integration-no-integration
  integrationNotFound: 'Invalid Integration identifier specified',
  // recorded: test_apigateway_api > test_integration_response_wrong_status_code > get-integration-response-wrong-status-code
  responseStatusNotFound: 'Invalid Response status code specified',
  // recorded: test_apigateway_api > test_gateway_response_validation > delete-gateway-response-not-set
  gatewayResponseNotDefined: 'Gateway response type not defined on api',
  // No recording has it: the text moto and LocalStack use.
  deploymentNotFound: 'Invalid Deployment identifier specified',
  // No recording has it: lower-case "stage", as AWS SDK users report it for DeleteStage (404).
  stageNotFound: 'Invalid stage identifier specified',

  // --- CreateRestApi, UpdateRestApi
  // recorded: test_apigateway_api > test_create_rest_api_with_optional_params > create-empty-desc
  emptyDescription: 'Description cannot be an empty string',
  // recorded: test_apigateway_api > test_update_rest_api_compression > set-negative-compression
  invalidCompressionSize: (max: number) => `Invalid minimum compression size, must be between 0 and ${max}`,
  // No recording has it; not checked against AWS.
  multipleEndpointTypes: 'Cannot create an api with multiple Endpoint Types.',
  // No recording has it; not checked against AWS.
  noEndpointTypes: 'REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.',
  // No recording has it; not checked against AWS.
  privateNeedsDualstack: 'Only dualstack ipAddressType is supported for Private APIs.',
  // Not recorded: the id a gatehouse.yaml pin or a `_custom_id_` tag asks for is taken; our text.
  restApiIdTaken: (restApiId: string) => `A REST API with the id ${restApiId} already exists`,
  // Not recorded: a `_custom_id_` tag (LocalStack's convention) that is no API id; our text.
  invalidCustomId: (tag: string, value: string) => `Invalid ${tag} tag value ${value}: use 1 to 64 lowercase letters and digits`,
  // No recording has it (UpdateRestApi, another op on `/binaryMediaTypes`); not checked against AWS.
  addRemoveOrReplace: "Invalid patch operation specified. Must be 'add'|'remove'|'replace'",
  // No recording has it (UpdateRestApi, ImportRestApi `endpointConfigurationTypes`); not checked against AWS.
  invalidEndpointTypes: 'Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE',
  // No recording has it; not checked against AWS.
  invalidIpAddressType: 'ipAddressType must be either ipv4 or dualstack.',
  // No recording has it (`replace /name` with an empty value); not checked against AWS.
  emptyName: 'Name cannot be an empty string',
  // Not recorded; worded like AWS's other enum texts ("Valid options are ...").
  invalidApiKeySource: (allowed: readonly string[]) => `Invalid API Key source specified. Valid options are ${allowed.join(',')}`,
  // Not recorded: `replace /binaryMediaTypes/...` without a value; the form of AWS's "Invalid null or empty value in" text.
  nullOrEmptyValueFor: (path: string) => `Invalid null or empty value for ${path}`,
  // No recording has it; not checked against AWS. What follows the period is Gatehouse's reason.
  invalidPolicyDocument: (reason: string) => `Invalid policy document. Please check the policy syntax and try again. ${reason}`,

  // --- ImportRestApi, PutRestApi, GetExport
  // recorded: test_apigateway_import > test_import_api_bad_file > import-api-bad-yaml-file
  invalidOpenApiInput: 'Invalid OpenAPI input.',
  // Gatehouse's own bound, not AWS's (AWS allows 300 resources per API unless raised): the paths of the resources one
  // document creates hold at most this many characters together, so a document of deep paths cannot stall the gateway.
  importPathsTooLong: (limit: number) => `The resources this document creates have paths of more than ${limit} characters together`,
  // As AWS users report it (the issues one per line, each after a tab); no recording has it.
  importErrors: (errors: readonly string[]) => `Errors found during import:\n\t${errors.join('\n\t')}`,
  // As AWS users report it with failonwarnings=true; no recording has it.
  importWarnings: (warnings: readonly string[]) => `Warnings found during import:\n\t${warnings.join('\n\t')}`,
  // Not recorded; worded like AWS's other enum texts.
  invalidBasePath: (value: string) => `Invalid basepath specified: ${value}. Valid options are ignore,prepend,split`,
  // Not recorded; worded like AWS's other enum texts.
  invalidImportMode: (mode: string) => `Invalid mode specified: ${mode}. Valid options are merge,overwrite`,
  // Not recorded; AWS exports REST APIs as exactly these two.
  invalidExportType: (exportType: string) => `Invalid export type specified: ${exportType}. Valid options are oas30,swagger`,
  // Not recorded: an `x-amazon-apigateway-integration` type AWS does not have; worded like AWS's "Invalid X specified".
  invalidIntegrationType: (type: string) => `Invalid integration type specified: ${type}`,
  // Not recorded: an integration response whose key is a pattern but whose statusCode is no status code.
  invalidStatusCodeForPattern: (statusCode: string, pattern: string) => `Invalid status code '${statusCode}' for pattern '${pattern}'`,
} as const
