import { JSONPath } from 'jsonpath-plus'
import { headerValue } from '../core/http.ts'

/**
 * Where a mapped parameter's value comes from (developer guide, "Parameter mapping source
 * reference"), compiled once at deploy time into a reader. The same grammar serves request
 * parameters (`method.request.*`), response parameters (`integration.response.*`) and gateway
 * responses; each caller passes the parts of the exchange it has.
 */
export interface ParameterSources {
  readonly method?: {
    readonly headers: readonly string[]
    readonly query: ReadonlyMap<string, readonly string[]>
    readonly pathParameters: Readonly<Record<string, string>>
    readonly body: Buffer
  }
  readonly integration?: {
    readonly headers: readonly (readonly [string, string])[]
    readonly body: Buffer
  }
  readonly stageVariables: Readonly<Record<string, string>>
  readonly context: Readonly<Record<string, unknown>>
}

export type ParameterReader = (sources: ParameterSources) => string | undefined

export function compileParameterSource(source: string): ParameterReader {
  if (source.length >= 2 && source.startsWith("'") && source.endsWith("'")) {
    const literal = source.slice(1, -1)
    return () => literal
  }
  const dot = (prefix: string): string | undefined => (source.startsWith(prefix) ? source.slice(prefix.length) : undefined)
  let name: string | undefined
  if ((name = dot('method.request.path.')) !== undefined) {
    const key = name
    return (s) => s.method?.pathParameters[key]
  }
  if ((name = dot('method.request.querystring.')) !== undefined) {
    const key = name
    return (s) => s.method?.query.get(key)?.at(-1)
  }
  if ((name = dot('method.request.multivaluequerystring.')) !== undefined) {
    const key = name
    // Multi-valued mappings arrive comma-joined (recorded: test_apigateway_http > test_http_proxy_integration_request_data_mappings).
    return (s) => s.method?.query.get(key)?.join(',')
  }
  if ((name = dot('method.request.header.')) !== undefined) {
    const key = name
    return (s) => (s.method === undefined ? undefined : headerValue(s.method.headers, key))
  }
  if ((name = dot('method.request.multivalueheader.')) !== undefined) {
    const key = name.toLowerCase()
    return (s) => {
      const headers = s.method?.headers ?? []
      const values: string[] = []
      for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() === key) values.push(headers[i + 1])
      return values.length === 0 ? undefined : values.join(',')
    }
  }
  if (source === 'method.request.body') return (s) => s.method?.body.toString('utf8')
  if ((name = dot('method.request.body.')) !== undefined) {
    const path = `$.${name}`
    return (s) => (s.method === undefined ? undefined : readJsonPath(s.method.body, path))
  }
  if ((name = dot('integration.response.header.')) !== undefined) {
    const key = name.toLowerCase()
    return (s) => s.integration?.headers.findLast(([header]) => header.toLowerCase() === key)?.[1]
  }
  if ((name = dot('integration.response.multivalueheader.')) !== undefined) {
    const key = name.toLowerCase()
    return (s) => {
      const values = (s.integration?.headers ?? []).filter(([header]) => header.toLowerCase() === key).map(([, value]) => value)
      return values.length === 0 ? undefined : values.join(',')
    }
  }
  if (source === 'integration.response.body') return (s) => s.integration?.body.toString('utf8')
  if ((name = dot('integration.response.body.')) !== undefined) {
    const path = `$.${name}`
    return (s) => (s.integration === undefined ? undefined : readJsonPath(s.integration.body, path))
  }
  if ((name = dot('stageVariables.')) !== undefined) {
    const key = name
    return (s) => s.stageVariables[key]
  }
  if ((name = dot('context.')) !== undefined) {
    const path = name.split('.')
    return (s) => {
      let value: unknown = s.context
      for (const key of path) value = value === null || typeof value !== 'object' ? undefined : (value as Record<string, unknown>)[key]
      return value === undefined || value === null ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value)
    }
  }
  return () => undefined
}

/** A JSONPath into a JSON body; objects come back as JSON text, a body that is not JSON as nothing. */
function readJsonPath(body: Buffer, path: string): string | undefined {
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    return undefined
  }
  const found: unknown = JSONPath({ path, json: json as object, wrap: false })
  if (found === undefined || found === null) return undefined
  return typeof found === 'object' ? JSON.stringify(found) : String(found)
}
