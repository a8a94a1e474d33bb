/**
 * What a mapping template reads and what it produces. The data plane builds a `TemplateInput` per
 * request; the engine never sees HTTP objects.
 */

export interface TemplateParams {
  path: Record<string, string>
  querystring: Record<string, string>
  /** `$input.params('x')` looks headers up case-insensitively; `$input.params().header` keeps the names as given. */
  header: Record<string, string>
}

export interface TemplateInput {
  /** The raw request (or integration response) body as text; an empty body reads as `{}` (recorded: test_apigateway_common > test_input_body_formatting). */
  body: string
  /** For `$input.params()` and `$input.params(name)` (path, then query string, then header). */
  params: TemplateParams
  /**
   * `$context`: plain values and nested plain objects (identity, authorizer, error, ...). Its keys are
   * iterated in Java HashMap order, as AWS's `$context.keySet()` is
   * (recorded: test_apigateway_sqs > test_sqs_amz_json_protocol > sqs-messages).
   * `requestOverride` and `responseOverride` are supplied by the engine; a caller may pass earlier
   * values (the request template's overrides, for the response template) under those two keys.
   */
  context: Record<string, unknown>
  /**
   * `$stageVariables`; an undefined variable renders as an empty string
   * (recorded: test_apigateway_canary > test_invoking_canary_deployment > response-deployment-1).
   */
  stageVariables: Record<string, string>
}

export interface RequestOverride {
  header: Record<string, string>
  querystring: Record<string, string>
  path: Record<string, string>
}

export interface ResponseOverride {
  status?: number
  header: Record<string, string>
}

export interface TemplateOutput {
  body: string
  /** `#set($context.requestOverride.header.X = ...)` and friends, as strings. */
  requestOverride: RequestOverride
  /**
   * `#set($context.responseOverride.status = 444)` and `.header.X`; applied after rendering
   * (recorded: test_apigateway_integrations > test_integration_mock_with_response_override_in_request_template).
   */
  responseOverride: ResponseOverride
}
