import { lastValues } from '../../../core/query-string.ts'
import type { MethodRequest } from './records.ts'
import type { TemplateInput } from '../../../vtl/template-input.ts'
import { EMPTY_TEMPLATE_INPUT, type CompiledTemplate } from '../../../vtl/compile-template.ts'

/**
 * What `$input`, `$context` and `$stageVariables` read in a mapping template of this request.
 * `$context.isCanaryRequest` is a template variable ("true" on the canary, else "false";
 * recorded: test_apigateway_canary > test_invoking_canary_deployment),
 * not a member of the proxy event's requestContext, so it joins here.
 */
export function templateInput(
  request: MethodRequest,
  body: string,
  context: Record<string, unknown> = { ...request.requestContext, isCanaryRequest: request.served.isCanaryRequest },
): TemplateInput {
  const header: Record<string, string> = {}
  for (let i = 0; i < request.headers.length; i += 2) header[request.headers[i]] = request.headers[i + 1]
  return {
    body,
    params: { path: { ...request.pathParameters }, querystring: lastValues(request.query), header },
    context,
    stageVariables: request.served.stageVariables,
  }
}

/**
 * The input `template` renders against: all of `templateInput`, or for a template that reads none of
 * it (text alone) only the overrides an earlier template left, with nothing built per request.
 */
export function inputFor(template: CompiledTemplate, request: MethodRequest, body: Buffer, seeded?: Record<string, unknown>): TemplateInput {
  if (!template.readsInput) return seeded === undefined ? EMPTY_TEMPLATE_INPUT : { ...EMPTY_TEMPLATE_INPUT, context: { ...seeded } }
  const input = templateInput(request, body.toString('utf8'))
  return seeded === undefined ? input : { ...input, context: { ...input.context, ...seeded } }
}
