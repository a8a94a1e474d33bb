/**
 * The catalogue's texts for the resource tree and what hangs from it: resources, methods, method
 * responses, integrations, mapping expressions and templates, request validators, models, gateway
 * responses and authorizers. messages.ts has the rules every entry follows.
 */

/** AWS wraps a mapping-expression fault in its validator's report. */
const mappingValidation = (error: string): string => `Invalid mapping expression specified: Validation Result: warnings : [], errors : [${error}]`

export const METHOD_MESSAGES = {
  // --- Resources
  // recorded: test_apigateway_api > TestApiGatewayApiResource
  invalidPathPart: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end.",
  // Not recorded: AWS documents a regional API's URL as at most 10,240 characters (developer guide, "Quotas for
  // configuring and running a REST API"), not how it refuses a longer resource path. Gatehouse's own words.
  resourcePathTooLong: (limit: number) => `A resource path cannot be longer than ${limit} characters, the longest URL an API can be called with`,
  // recorded: test_apigateway_api > TestApiGatewayApiResource
  greedyParent: (pathPart: string | undefined) => `Cannot create a child of a resource with a greedy path variable: ${pathPart}`,
  // recorded: test_apigateway_api > TestApiGatewayApiResource
  siblingNameTaken: (pathPart: string) => `Another resource with the same parent already has this name: ${pathPart}`,
  // recorded: test_apigateway_api > TestApiGatewayApiResource
  secondVariableSibling: (sibling: string | undefined) =>
    `A sibling (${sibling}) of this resource already has a variable path part -- only one is allowed`,
  // recorded: test_apigateway_api > test_update_resource_behaviour
  rootCannotUpdate: (member: string) => `Root resource cannot update its ${member}.`,
  // recorded: test_apigateway_api > test_update_resource_behaviour
  cyclicalResources: 'Resources cannot be cyclical.',
  // Not recorded: AWS refuses to delete the root resource; the text is ours.
  cannotDeleteRoot: 'Cannot delete the root resource',

  // --- Methods and method responses
  // No recording has it: AWS refuses to overwrite a method with PutMethod (UpdateMethod changes one).
  methodExists: 'Method already exists for this resource',
  // recorded: test_apigateway_api > test_put_method_validation > wrong-method (also PutIntegration's integrationHttpMethod)
  invalidHttpMethod: (allowed: readonly string[]) => `Invalid HttpMethod specified. Valid options are ${allowed.join(',')}`,
  // Not recorded; worded like AWS's other enum texts ("Valid options are ...").
  invalidAuthorizationType: (allowed: readonly string[]) => `Invalid authorization type specified. Valid options are ${allowed.join(',')}`,
  // recorded: test_apigateway_api > test_put_method_validation > missing-authorizer-id
  invalidMethodAuthorizer: 'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
  // recorded: test_apigateway_api > test_put_method_validation > invalid-model-name
  invalidModelIdentifier: (name: string) => `Invalid model identifier specified: ${name}`,
  // recorded: test_apigateway_api > test_method_request_parameters > req-params-same-name
  duplicateParameterName: 'Parameter names must be unique across querystring, header and path',
  // recorded: test_apigateway_api > test_update_gateway_response > update-gateway-replace-invalid-parameter (UpdateMethodResponse answers it too)
  parameterNameNotFound: 'Invalid parameter name specified',
  // recorded: test_apigateway_api > test_update_method_lack_response_parameters_and_models (as the operation file cites it)
  contentTypeNotFound: 'Content-Type specified was not found',

  // --- Integrations
  // recorded: test_apigateway_integrations > test_put_integration_validation > required-integration-method-HTTP
  httpMethodEmpty: 'Enumeration value for HttpMethod must be non-empty',
  // recorded: test_apigateway_integrations > test_put_integration_validation > invalid-uri-HTTP
  invalidHttpEndpoint: 'Invalid HTTP endpoint specified for URI',
  // Not recorded; worded like AWS's other enum texts.
  invalidPassthroughBehavior: (allowed: readonly string[]) => `Invalid passthrough behavior specified. Valid options are ${allowed.join(',')}`,
  // As AWS users widely report it; the bounds are the documented 50-29000.
  timeoutOutOfRange: (min: number, max: number) => `Timeout should be between ${min} ms and ${max} ms`,
  // recorded: test_apigateway_integrations > test_put_integration_validation > invalid-uri-not-an-arn
  invalidArn: 'Invalid ARN specified in the request',
  // recorded: test_apigateway_integrations > test_put_integration_validation > invalid-uri-invalid-arn
  arnWithoutPathOrAction: 'AWS ARN for integration must contain path or action',
  // recorded: test_apigateway_integrations > test_put_integration_validation > no-s3-support-AWS_PROXY
  awsProxyTarget: "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
  // No recording has it; worded like AWS's other enum texts (PutIntegration, UpdateIntegration, OpenAPI import).
  invalidConnectionType: (allowed: readonly string[]) => `Invalid connection type specified. Valid options are ${allowed.join(',')}`,
  // recorded: test_apigateway_api > test_integration_response_invalid_responsetemplates > put-integration-response-invalid-responseTemplates-2
  invalidContentType: (contentType: string) => `Validation Result: warnings : [], errors : [Invalid content type specified: ${contentType}]`,
  // Not recorded anywhere we could find (recordings, developer guide, SDK models): ours, in the
  // shape of AWS's "Invalid ... specified" texts, naming the template's line and column.
  invalidMappingTemplate: (contentType: string, detail: string) => `Invalid mapping template specified for content type ${contentType}: ${detail}`,

  // --- Mapping expressions (integration and gateway response parameters, method request parameters)
  // As AWS users report it (aws-cdk#17318, aws-cdk#20274, aws-apigateway-importer#209).
  invalidMappingExpression: (expression: string) => mappingValidation(`Invalid mapping expression specified: ${expression}`),
  // As AWS users report it (amazon-api-gateway-developer-guide#24).
  undeclaredMappingParameter: (expression: string) => mappingValidation(`Invalid mapping expression parameter specified: ${expression}`),
  // As AWS users report it: response parameters on a status the method does not answer.
  noMethodResponse: mappingValidation('No method response exists for method.'),

  // --- Request validators
  // LS test_create_request_validator_invalid_api_id
  invalidRestApiForValidator: 'Invalid REST API identifier specified',
  // recorded: test_apigateway_api > TestApiGatewayApiRequestValidator (UpdateRequestValidator; CreateRequestValidator reuses it)
  blankValidatorName: 'Request Validator name cannot be blank',
  // recorded: test_apigateway_api > test_put_method_validation > invalid-request-validator (GetRequestValidator's 404 too)
  invalidRequestValidator: 'Invalid Request Validator identifier specified',

  // --- Models
  // recorded: test_apigateway_api > TestApiGatewayApiModels
  modelNotFound: (name: string) => `Invalid model name specified: ${name}`,
  // recorded: test_apigateway_api > TestApiGatewayApiModels
  emptyModelName: 'Model name must be non-empty',
  // recorded: test_apigateway_api > TestApiGatewayApiModels
  modelNameTaken: 'Model name already exists for this REST API',
  // recorded: test_apigateway_api > test_put_method_model (a method request); a method response as
  // aws-apigateway-importer#113 reports it; another model's `$ref`: not recorded, our text in the same form
  modelInUse: (modelName: string, where: string) => `Cannot delete model '${modelName}', is referenced in ${where}`,

  // --- Gateway responses
  // recorded: test_apigateway_api > test_update_gateway_response > update-gateway-replace-invalid-parameter-0-none
  nullOrEmptyValueIn: (member: string) => `Invalid null or empty value in ${member}`,

  // --- Authorizers
  // Not recorded; AWS's "Invalid X identifier specified" form (moto and LocalStack use it).
  authorizerNotFound: 'Invalid Authorizer identifier specified',
  // recorded: test_apigateway_api > test_authorizer_crud_no_api > wrong-rest-api-id-create-authorizer
  concurrentModification: 'Unable to complete operation due to concurrent modification. Please try again later.',
  // Not recorded; worded like AWS's other "Invalid X specified" texts.
  invalidTtlValue: (value: string | undefined) => `Invalid TTL value specified: ${value ?? 'null'}`,
  // Not recorded; worded like AWS's other texts.
  authorizerNameEmpty: 'Authorizer name must be non-empty',
  // Not recorded; worded like AWS's other texts.
  noCognitoUserPools: 'Invalid Cognito User Pool ARN specified: providerARNs must not be empty',
  // Not recorded; worded like AWS's other texts.
  invalidCognitoUserPool: (arn: string) => `Invalid Cognito User Pool ARN specified: ${arn}`,
  // Not recorded; the text Gatehouse's OpenAPI import gives for the same fault.
  invalidAuthorizerUri: 'Invalid Authorizer URI specified',
  // Not recorded; worded like AWS's other "Invalid X specified" texts (developer guide: 0 to 3600 s).
  invalidAuthorizerTtl: (max: number) => `Invalid authorizer result TTL specified: must be between 0 and ${max}`,
  // Not recorded; worded like AWS's other "Invalid X specified" texts.
  invalidIdentitySource: (expression: string) => `Invalid identity source expression: ${expression}`,
  // AWS's text for the same rule on HTTP APIs, as Terraform users report it.
  identitySourceRequired: 'Identity source must be set if authorizer caching is enabled (TTL is greater than 0)',
  // As CloudFormation and CDK users report it for TOKEN authorizers.
  invalidTokenSource: (source: string | undefined) =>
    `Invalid token source expression: ${source ?? 'null'}. The source must be a method request header, matching 'method.request.header.[a-zA-Z0-9._-]+'.`,
  // Not recorded; worded like AWS's other "Invalid X specified" texts.
  invalidIdentityValidationExpression: (expression: string) => `Invalid identity validation expression specified: ${expression}`,
  // As Terraform users report it (the method shows as VERB + `/` + resource path).
  authorizerInUse: (name: string, verb: string, path: string) => `Cannot delete authorizer '${name}', is referenced in method: ${verb}/${path}`,
} as const
