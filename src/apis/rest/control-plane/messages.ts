/**
 * The texts the `apigateway` operations answer with, verbatim, one entry each with where it comes
 * from: a recording (`recorded: <file> > <test> > <key>`), LocalStack's snapshot tests (`LS ...`),
 * AWS's documentation, what AWS users report, or — said so — our own wording where AWS's is not known.
 * Operation files throw `badRequest(REST_MESSAGES.x)`, never a literal
 * (test/architecture/message-catalogue.test.ts keeps it so).
 */
export const REST_MESSAGES = {
  // --- Resources
  // recorded: test_apigateway_api > TestApiGatewayApiResource
  invalidPathPart: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end.",
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

  // --- Methods
  // No recording has it: AWS refuses to overwrite a method with PutMethod (UpdateMethod changes one).
  methodExists: 'Method already exists for this resource',

  // --- Request validators
  // LS test_create_request_validator_invalid_api_id
  invalidRestApiForValidator: 'Invalid REST API identifier specified',
  // recorded: test_apigateway_api > TestApiGatewayApiRequestValidator (UpdateRequestValidator; CreateRequestValidator reuses it)
  blankValidatorName: 'Request Validator name cannot be blank',

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

  // --- Deployments
  // recorded: test_apigateway_canary > test_create_canary_deployment_validation
  canaryNeedsStageName: (stageName: string | undefined) =>
    `Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is ${stageName ?? 'null'}`,
  // recorded: test_apigateway_canary > test_create_canary_deployment_validation
  canaryNeedsStage: (stageName: string) =>
    `Invalid deployment content specified.Stage ${stageName} must already be created before making a canary release deployment`,
  // As AWS users report it (BadRequestException, 400).
  noMethods: "The REST API doesn't contain any methods",
  // As AWS users report it (BadRequestException, 400).
  noIntegration: 'No integration defined for method',
  // recorded: test_apigateway_common > test_create_delete_deployments > delete-deployment-error-0
  deploymentInUse: 'Active stages pointing to this deployment must be moved or deleted',

  // --- Authorizers
  // Not recorded; AWS's "Invalid X identifier specified" form (moto and LocalStack use it).
  authorizerNotFound: 'Invalid Authorizer identifier specified',
  // recorded: test_apigateway_api > test_authorizer_crud_no_api > wrong-rest-api-id-create-authorizer
  concurrentModification: 'Unable to complete operation due to concurrent modification. Please try again later.',
  // Not recorded; worded like AWS's other "Invalid X specified" texts.
  invalidTtlValue: (value: string | undefined) => `Invalid TTL value specified: ${value ?? 'null'}`,

  // --- Usage plans, keys, account
  // recorded: test_apigateway_common > test_usage_plan_crud
  keyAlreadyInPlan: (planId: string, keyId: string) => `Usage Plan ${planId} already contains API Key ${keyId}`,
  // No recording has it: moto's text for a key that exists but is not in the plan.
  keyNotInPlan: 'Invalid Usage Plan Key identifier specified',
  // Not recorded: the value of a numeric patch path that is not a number in range.
  invalidPatchValue: (path: string, value: string | undefined) => `Invalid value specified for ${path}: ${value ?? 'null'}`,
} as const
