import type { HttpResponse } from '../../../core/http.ts'
import { HTTP_API_PAYLOAD_FORMATS } from '../../../integrations/aws-proxy/http-api-payload-formats.ts'
import type { IntegrationContext } from '../../../integrations/integration.ts'
import { invokeLambda } from '../../../integrations/invoke-lambda.ts'
import { compileLambdaTarget } from '../../../integrations/lambda-target.ts'
import type { HttpIntegration } from '../../../model/v2/integration.ts'
import type { HttpApiCall } from '../pipeline/http-api-call.ts'
import { HttpApiFailure } from '../pipeline/http-api-errors.ts'
import { invocationUri } from './lambda-invocation-uri.ts'

export type CompiledHttpIntegration = (call: HttpApiCall, context: IntegrationContext) => Promise<HttpResponse>

/**
 * AWS_PROXY to a Lambda function, in the payload format the integration names, chosen here at
 * deploy time. A function error or a result the format cannot read is the API's 500 (developer
 * guide, "Troubleshooting issues with HTTP API Lambda integrations"); `isBase64Encoded` results are
 * always decoded, HTTP APIs having no binary media types.
 */
export function compileLambdaProxyIntegration(integration: HttpIntegration): CompiledHttpIntegration {
  const format = HTTP_API_PAYLOAD_FORMATS[integration.payloadFormatVersion]
  const target = compileLambdaTarget(invocationUri(integration.integrationUri ?? ''))
  return async (call, context) => {
    const result = await invokeLambda(context, target.resolve(call.stageVariables), {
      payload: JSON.stringify(format.buildEvent(call)),
      requestId: call.requestId,
      timeoutMs: integration.timeoutInMillis,
    })
    const parsed = result.functionError === undefined ? format.parseResult(result.payload) : undefined
    if (parsed === undefined) {
      throw new HttpApiFailure('internalServerError', result.functionError === undefined ? 'Malformed Lambda proxy response' : `Lambda function error: ${result.functionError}`)
    }
    return { statusCode: parsed.statusCode, headers: parsed.headers, body: Buffer.from(parsed.body, parsed.isBase64Encoded ? 'base64' : 'utf8') }
  }
}
