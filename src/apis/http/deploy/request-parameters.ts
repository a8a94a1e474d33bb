import { compileHttpApiExpression, type HttpApiExpressionReader, type HttpApiExpressionSources } from '../../../mapping/http-api-expression.ts'

/** The request an HTTP_PROXY integration is about to send, which request parameters change in place. */
export interface IntegrationRequestDraft {
  readonly url: URL
  /** `[name, value, ...]`. */
  headers: string[]
}

interface RequestOperation {
  readonly action: 'append' | 'overwrite' | 'remove'
  readonly location: 'header' | 'querystring' | 'path'
  readonly name: string
  readonly value: HttpApiExpressionReader
}

export type CompiledRequestParameters = (draft: IntegrationRequestDraft, sources: HttpApiExpressionSources) => void

/**
 * Request parameter mapping (developer guide, "Transforming API requests and responses for HTTP
 * APIs"): `append|overwrite|remove:header.<name>` (names case-insensitive),
 * `append|overwrite|remove:querystring.<name>` (case-sensitive) and `overwrite:path`, which replaces
 * the integration request's path. Every value is read from the client's request before any
 * operation applies; a value that reads nothing (an absent header or variable) changes nothing.
 * Undefined when the integration maps nothing, so its requests skip this altogether.
 */
export function compileRequestParameters(parameters: Readonly<Record<string, string>> | undefined): CompiledRequestParameters | undefined {
  if (parameters === undefined || Object.keys(parameters).length === 0) return undefined
  const operations: RequestOperation[] = Object.entries(parameters).map(([key, value]) => {
    const colon = key.indexOf(':')
    const action = key.slice(0, colon) as RequestOperation['action']
    const target = key.slice(colon + 1)
    const dot = target.indexOf('.')
    const location = (dot < 0 ? target : target.slice(0, dot)) as RequestOperation['location']
    const name = dot < 0 ? '' : target.slice(dot + 1)
    return { action, location, name: location === 'header' ? name.toLowerCase() : name, value: compileHttpApiExpression(value) }
  })
  const touchesQuery = operations.some((operation) => operation.location === 'querystring')
  return (draft, sources) => {
    const values = operations.map((operation) => (operation.action === 'remove' ? '' : operation.value(sources)))
    const query = touchesQuery ? new URLSearchParams(draft.url.search) : undefined
    operations.forEach((operation, i) => {
      const value = values[i]
      if (operation.action !== 'remove' && value === undefined) return
      if (operation.location === 'path') draft.url.pathname = value!
      else if (operation.location === 'header') draft.headers = applyToHeaders(draft.headers, operation, value!)
      else applyToQuery(query!, operation, value!)
    })
    if (query !== undefined) draft.url.search = query.toString()
  }
}

function applyToHeaders(headers: string[], operation: RequestOperation, value: string): string[] {
  if (operation.action === 'append') return [...headers, operation.name, value]
  const kept: string[] = []
  for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() !== operation.name) kept.push(headers[i], headers[i + 1])
  if (operation.action === 'overwrite') kept.push(operation.name, value)
  return kept
}

function applyToQuery(query: URLSearchParams, operation: RequestOperation, value: string): void {
  if (operation.action === 'append') query.append(operation.name, value)
  else if (operation.action === 'overwrite') query.set(operation.name, value)
  else query.delete(operation.name)
}
