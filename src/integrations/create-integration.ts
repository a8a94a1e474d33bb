import type { Integration as IntegrationConfig } from '../model/integration.ts'
import { createAwsIntegration } from './aws/aws-integration.ts'
import { createAwsProxyIntegration } from './aws-proxy/aws-proxy-integration.ts'
import { createHttpIntegration } from './http/http-integration.ts'
import { createHttpProxyIntegration } from './http-proxy/http-proxy-integration.ts'
import type { LambdaPayloadFormat } from './aws-proxy/payload-format.ts'
import type { Integration } from './integration.ts'
import { MOCK_INTEGRATION } from './mock/mock-integration.ts'

/** What the API kind decides for its integrations when it compiles them. */
export interface IntegrationChoices {
  /** The Lambda proxy event and result format of AWS_PROXY integrations. */
  readonly payloadFormat: LambdaPayloadFormat
}

/** Picks the integration for a stored configuration; called at deploy time, once per method. */
export function createIntegration(config: IntegrationConfig, choices: IntegrationChoices): Integration {
  switch (config.type) {
    case 'MOCK':
      return MOCK_INTEGRATION
    case 'HTTP_PROXY':
      return createHttpProxyIntegration(config)
    case 'AWS_PROXY':
      return createAwsProxyIntegration(config, choices.payloadFormat)
    case 'HTTP':
      return createHttpIntegration(config)
    case 'AWS':
      return createAwsIntegration(config)
  }
}
