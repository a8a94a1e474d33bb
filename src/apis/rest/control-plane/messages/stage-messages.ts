/**
 * The catalogue's texts for deployments and stages: canary deployments, stage names and variables,
 * UpdateStage's paths (access logs, canary settings and promotion, method settings) and the cache.
 * messages.ts has the rules every entry follows.
 */

/** The paths UpdateStage lists when it refuses one, verbatim — missing commas and all. */
const STAGE_PATHS =
  '[/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, /accessLogSettings, ' +
  '/accessLogSettings/destinationArn, /accessLogSettings/format, /{resourcePath}/{httpMethod}/metrics/enabled, ' +
  '/{resourcePath}/{httpMethod}/logging/dataTrace, /{resourcePath}/{httpMethod}/logging/loglevel, ' +
  '/{resourcePath}/{httpMethod}/throttling/burstLimit/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, ' +
  '/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, ' +
  '/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, ' +
  '/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, /*/*/metrics/enabled, ' +
  '/*/*/logging/dataTrace, /*/*/logging/loglevel, /*/*/throttling/burstLimit /*/*/throttling/rateLimit ' +
  '/*/*/caching/ttlInSeconds, /*/*/caching/enabled, /*/*/caching/dataEncrypted, ' +
  '/*/*/caching/requireAuthorizationForCacheControl, /*/*/caching/unauthorizedCacheControlHeaderStrategy, ' +
  '/variables/{variable_name}, /tracingEnabled]'

export const STAGE_MESSAGES = {
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

  // --- Stages
  // Not recorded: AWS's text once read "a-zA-Z0-9_" (before it allowed hyphens); this one names the current pattern.
  invalidStageName: 'Stage name only allows a-zA-Z0-9_-',
  // As users of CreateStage report it (ConflictException).
  stageExists: 'Stage already exists',
  // recorded: test_apigateway_canary > test_update_stage_canary_deployment_validation > update-stage-no-deployment
  deploymentIdMissing: 'Deployment id does not exist',
  // recorded: test_apigateway_common > test_create_update_stages > error-update-doc-version
  invalidMethodSettingPath: (path: string | undefined) => `Invalid method setting path: ${path ?? 'null'}. Must be one of: ${STAGE_PATHS}`,
  // recorded: test_apigateway_common > test_update_stage_remove_wildcard > delete-error (trailing space included)
  cannotRemoveMethodSetting: (setting: string) => `Cannot remove method setting ${setting} because there is no method setting for this method `,
  // No recording has it (LS test_stage_access_log_settings); not checked against AWS.
  invalidAccessLogPath: 'Invalid accessLogSettings path. Must be one of : [/accessLogSettings/destinationArn, /accessLogSettings/format]',
  // No recording has it (LS test_stage_access_log_settings); not checked against AWS.
  emptyAccessLogValue: 'Access Log value must not be empty',

  // --- Canary settings and promotion
  // recorded: test_apigateway_canary > test_update_stage_canary_deployment_validation > update-stage-add-deployment
  invalidAddOperation: (path: string) => `Invalid add operation with path: ${path}`,
  // recorded: test_apigateway_canary > test_update_stage_with_copy_ops > copy-with-bad-statement
  invalidCopyOperation: (path: string | undefined, from: string | undefined) =>
    `Invalid copy operation with path: ${path} and from ${from}. Valid copy:path are [/deploymentId, /variables] ` +
    'and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]',
  // recorded: test_apigateway_canary > test_update_stage_with_copy_ops > copy-with-no-replace
  noCanaryToPromote: 'Promotion not available. Canary does not exist.',

  // --- Stage variables (developer guide, "Quotas for configuring and running a REST API": names
  // of word characters, at most 64; values at most 512; at most 100 per stage)
  // As AWS users report it.
  invalidVariableName: (name: string) => `Invalid stage variable name: ${name}.  Please use names with only word characters.`,
  // Not recorded: AWS's text for a long name is not known; ours, in the form of the one above.
  variableNameTooLong: (name: string, max: number) => `Invalid stage variable name: ${name}.  Names can be at most ${max} characters long.`,
  // As AWS users report it, odd quoting included (`-'` lacks its opening quote).
  invalidVariableValue: (value: string) =>
    `Invalid stage variable value: ${value}.  Please use values with alphanumeric characters and the symbols ` +
    `' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.`,
  // Not recorded: AWS's text for a long value is not known; ours.
  variableValueTooLong: (name: string, max: number) => `Invalid stage variable value for ${name}.  Values can be at most ${max} characters long.`,
  // Not recorded: AWS's text for too many variables is not known; ours.
  tooManyVariables: (max: number, count: number) => `A stage can have at most ${max} stage variables; this one would have ${count}.`,

  // --- The stage cache (developer guide, "Cache settings for REST APIs"; API reference, CacheClusterSize)
  // Not recorded: the method-setting value text, for `/cacheClusterSize`.
  invalidCacheClusterSize: (size: string) => `Invalid value specified for /cacheClusterSize: ${size}`,
  // Not recorded: the method-setting value text, with the documented bounds.
  cacheTtlOutOfRange: (path: string, value: string, max: number) => `Invalid value specified for ${path}: ${value}. Must be between 0 and ${max}`,
  // Not recorded: the method-setting value text, with AWS's three strategies.
  invalidCacheControlStrategy: (path: string, value: string, allowed: readonly string[]) =>
    `Invalid value specified for ${path}: ${value}. Must be one of: [${allowed.join(', ')}]`,
} as const
