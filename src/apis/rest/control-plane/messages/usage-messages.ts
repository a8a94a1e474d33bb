/**
 * The catalogue's texts for API keys (CreateApiKey, UpdateApiKey, ImportApiKeys), usage plans and
 * their keys, GetUsage/UpdateUsage and the account. messages.ts has the rules every entry follows.
 */
export const USAGE_MESSAGES = {
  // --- API keys
  // recorded: test_apigateway_extended > test_create_api_key_with_invalid_value > create-api-key-short-value
  apiKeyValueTooShort: 'API Key value should be at least 20 characters',
  // recorded: test_apigateway_extended > test_create_api_key_with_invalid_value > create-api-key-invalid-value-too-long
  apiKeyValueTooLong: 'API Key value exceeds maximum size of 128 characters',
  // recorded: test_apigateway_extended > test_create_api_key_with_invalid_name > create-api-key-name-too-long
  apiKeyNameTooLong: 'Invalid API Key name, can be at most 1024 characters.',
  // recorded: test_apigateway_extended > test_update_api_key_invalid_description_length > create-api-key-description-too-long
  invalidApiKeyDescription: 'Invalid API Key description specified.',
  // No recording has it: the 404 AWS SDK users report for an unknown key (also moto's text).
  apiKeyNotFound: 'Invalid API Key identifier specified',
  // No recording has it: the 409 CloudFormation users report for a value already in use.
  apiKeyExists: 'API Key already exists',
  // No recording has it (a `stageKeys` entry or `/stages` value that is not `{restApiId}/{stageName}`); not checked against AWS.
  invalidStageKey: 'Invalid stage key specified',

  // --- ImportApiKeys (developer guide, "API Gateway API key file format"); AWS's texts are not
  // recorded: ours say what is wrong, a warning naming the line
  emptyKeyFile: 'Invalid API Key file: the file is empty',
  // Ours, as above.
  keyFileColumnsMissing: 'Invalid API Key file: the Name and Key columns are required',
  // Ours, as above.
  keyFileValueLength: (line: number, min: number, max: number) => `Line ${line}: the Key value must be between ${min} and ${max} characters`,
  // Ours, as above.
  keyFileNameTooLong: (line: number, max: number) => `Line ${line}: the Name value can be at most ${max} characters`,
  // Ours, as above.
  keyFileEnabledNotBoolean: (line: number) => `Line ${line}: Enabled must be true or false`,
  // Ours, with AWS's text for an unknown plan after the line.
  keyFileUnknownPlans: (line: number, planIds: readonly string[]) => `Line ${line}: Invalid Usage Plan ID specified: ${planIds.join(', ')}`,
  // Ours: with failonwarnings=true, the warnings of the refused import.
  keyFileWarnings: (warnings: readonly string[]) => warnings.join('; '),

  // --- Usage plans and their keys
  // recorded: test_apigateway_common > test_usage_plan_crud > update-wrong-id
  usagePlanNotFound: 'Invalid Usage Plan ID specified',
  // recorded: test_apigateway_common > test_usage_plan_crud > update-wrong-api-stages-wrong-value
  invalidApiStage: 'Invalid API Stage specified',
  // recorded: test_apigateway_common > test_usage_plan_crud > update-wrong-api-stages-wrong-api
  unknownApiStage: (apiId: string, stage: string, planId: string) => `Invalid API Stage {api: ${apiId}, stage: ${stage}} specified for usageplan ${planId}`,
  // As AWS SDK users report it (409); no recording has it.
  keyStageInTwoPlans: (planId: string, keyId: string, apiId: string, stage: string) =>
    `Usage Plan ${planId} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: ${apiId}:${stage}`,
  // No recording has it; not checked against AWS.
  blankUsagePlanName: 'Usage Plan name cannot be blank',
  // No recording has it; not checked against AWS.
  invalidQuotaPeriod: (value: string | undefined) => `Invalid quota period specified: ${value ?? 'null'}`,
  // recorded: test_apigateway_common > test_usage_plan_crud
  keyAlreadyInPlan: (planId: string, keyId: string) => `Usage Plan ${planId} already contains API Key ${keyId}`,
  // No recording has it: moto's text for a key that exists but is not in the plan (UpdateUsage too).
  keyNotInPlan: 'Invalid Usage Plan Key identifier specified',

  // --- GetUsage, UpdateUsage (API reference); no recording has these, the texts are ours
  invalidDate: (which: 'start' | 'end', value: string) => `Invalid ${which} date specified: ${value}`,
  // Ours, as above.
  endBeforeStart: 'The end date must not be before the start date',
  // Ours, as above: GetUsage answers a bounded number of days.
  dateRangeTooLong: (maxDays: number) => `The date range must be at most ${maxDays} days`,
  // Ours, as above: `replace /remaining` on a plan without a quota.
  noQuota: 'Usage plan does not have a quota',
  // Ours, as above.
  invalidRemaining: (value: string | undefined) => `Invalid remaining value specified: ${value ?? 'null'}`,

  // --- Patch values (UpdateAccount, UpdateUsagePlan, UpdateStage's canary and method settings)
  // Not recorded: the value of a numeric patch path that is not a number in range.
  invalidPatchValue: (path: string, value: string | undefined) => `Invalid value specified for ${path}: ${value ?? 'null'}`,
} as const
