import type { HttpResponse } from '../../../core/http.ts'
import { compileHttpApiExpression, type HttpApiExpressionReader } from '../../../mapping/http-api-expression.ts'
import { httpApiExpressionSources } from '../pipeline/expression-sources.ts'
import type { CompiledHttpIntegration } from './lambda-proxy-integration.ts'

interface ResponseOperation {
  readonly action: 'append' | 'overwrite' | 'remove' | 'statuscode'
  readonly header: string
  readonly value: HttpApiExpressionReader
}

/**
 * Response parameter mapping (developer guide, "Transforming API requests and responses for HTTP
 * APIs"): for the integration's status code, `append|overwrite|remove:header.<name>` and
 * `overwrite:statuscode`, with values from `$response.header.<name>`, `$context.*`,
 * `$stageVariables.*` or static text. Other status codes pass unchanged.
 */
export function withResponseParameters(integration: CompiledHttpIntegration, parameters: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined): CompiledHttpIntegration {
  if (parameters === undefined || Object.keys(parameters).length === 0) return integration
  const byStatus = new Map<number, ResponseOperation[]>()
  for (const [status, mappings] of Object.entries(parameters)) {
    byStatus.set(Number(status), Object.entries(mappings).map(([key, value]) => {
      const value_ = compileHttpApiExpression(value)
      if (key === 'overwrite:statuscode') return { action: 'statuscode', header: '', value: value_ }
      const colon = key.indexOf(':')
      return { action: key.slice(0, colon) as ResponseOperation['action'], header: key.slice(colon + 1 + 'header.'.length).toLowerCase(), value: value_ }
    }))
  }
  return async (call, context) => {
    const response = await integration(call, context)
    const operations = byStatus.get(response.statusCode)
    if (operations === undefined) return response
    return applyOperations(response, operations, call)
  }
}

function applyOperations(response: HttpResponse, operations: readonly ResponseOperation[], call: Parameters<CompiledHttpIntegration>[0]): HttpResponse {
  let headers = [...response.headers]
  let statusCode = response.statusCode
  const sources = httpApiExpressionSources(call, { headers: response.headers })
  for (const operation of operations) {
    const value = operation.value(sources)
    if (operation.action === 'statuscode') {
      const code = Number(value)
      if (Number.isInteger(code) && code >= 100 && code <= 599) statusCode = code
      continue
    }
    if (operation.action !== 'append') headers = headers.filter(([name]) => name.toLowerCase() !== operation.header)
    if (operation.action !== 'remove' && value !== undefined) headers.push([operation.header, value])
  }
  return { ...response, statusCode, headers }
}
