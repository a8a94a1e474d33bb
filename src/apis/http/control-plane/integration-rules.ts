import type { HttpIntegration } from '../../../model/v2/integration.ts'
import { V2_MESSAGES } from './messages.ts'

/** AWS's default and bounds for HTTP APIs (API reference v2, "Integration", `timeoutInMillis`). */
export const DEFAULT_TIMEOUT_MS = 30_000
const MIN_TIMEOUT_MS = 50
const MAX_TIMEOUT_MS = 30_000

const LAMBDA_FUNCTION_ARN = /^arn:[^:]+:lambda:[^:]*:[^:]*:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/
const LAMBDA_INVOCATION_URI = /^arn:[^:]+:apigateway:[^:]*:lambda:path\/2015-03-31\/functions\/.+\/invocations$/

export const isLambdaTarget = (uri: string): boolean => LAMBDA_FUNCTION_ARN.test(uri) || LAMBDA_INVOCATION_URI.test(uri)

export function isHttpUrl(uri: string): boolean {
  try {
    const url = new URL(uri)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Checks an integration as HTTP APIs accept it (API reference v2, "Integration"): AWS_PROXY to a
 * Lambda function (its ARN, or the `arn:aws:apigateway:...:lambda:path/.../invocations` form) with
 * payload format 1.0 or 2.0; HTTP_PROXY to an http(s) URL with a method, payload format 1.0 only;
 * a timeout from 50 to 30000 ms. A URI with a stage variable is taken as written.
 */
export function checkIntegration(integration: HttpIntegration): HttpIntegration {
  const { integrationType: type, integrationUri: uri } = integration
  if (type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') throw V2_MESSAGES.integrationTypeNotSupported()
  if (integration.timeoutInMillis < MIN_TIMEOUT_MS || integration.timeoutInMillis > MAX_TIMEOUT_MS) throw V2_MESSAGES.timeoutOutOfRange()
  const version = integration.payloadFormatVersion
  if (version !== '1.0' && version !== '2.0') throw V2_MESSAGES.payloadFormatVersion(version)
  if (uri === undefined) throw V2_MESSAGES.integrationUriRequired()
  const templated = uri.includes('${stageVariables.')
  if (type === 'HTTP_PROXY') {
    if (version !== '1.0') throw V2_MESSAGES.payloadFormatVersion(version)
    if (integration.integrationMethod === undefined) throw V2_MESSAGES.integrationMethodRequired()
    if (!templated && !isHttpUrl(uri)) throw V2_MESSAGES.integrationUriInvalid(uri)
  } else if (!templated && !isLambdaTarget(uri)) {
    throw V2_MESSAGES.integrationUriInvalid(uri)
  }
  return integration
}
