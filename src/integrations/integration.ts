import type { BackendDispatcher } from './http/backend-client.ts'
import type { AwsEnvironment } from '../core/aws-environment.ts'
import type { Logger } from '../core/logger.ts'
import type { IntegrationType } from '../model/integration.ts'
import type { CallerRequest } from './caller-request.ts'
import type { EndpointResponse } from './endpoint-response.ts'
import type { FunctionHost } from '../functions/function-host.ts'
import type { MappedParameters } from '../mapping/parameter-mapping.ts'
import type { RenderedTemplate } from '../vtl/compile-template.ts'

/** What Integration Request produced: the body to send (mapped for non-proxy, as sent for proxy). */
export interface IntegrationRequest {
  readonly methodRequest: CallerRequest
  readonly body: Buffer
  /** `requestParameters` mapped, then `$context.requestOverride.*` from the request template. */
  readonly parameters: MappedParameters
  /**
   * What the request template wrote to `$context.requestOverride`/`responseOverride`: the response
   * template reads them back, and without one the response override still sets status and headers
   * (recorded: test_apigateway_integrations > test_integration_mock_with_response_override_in_request_template).
   * Absent when no request template ran.
   */
  readonly overrides?: Pick<RenderedTemplate, 'contextOverrides' | 'responseOverride'>
}

/** What integrations may use; built once by the data plane. */
export interface IntegrationContext {
  readonly functions: FunctionHost
  /** The pooled, keep-alive HTTP client for HTTP and HTTP_PROXY backends. */
  readonly dispatcher: BackendDispatcher
  readonly aws: AwsEnvironment
  readonly logger: Logger
}

/**
 * One integration of one method, compiled at deploy time (docs/architecture.md, "Deploy"). A proxy integration's answer
 * goes to the client as it is; a non-proxy one goes through Integration Response mapping.
 */
export interface Integration {
  readonly type: IntegrationType
  readonly proxy: boolean
  invoke(request: IntegrationRequest, context: IntegrationContext): Promise<EndpointResponse>
}
