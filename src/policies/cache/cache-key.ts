import { compileParameterSource, type ParameterReader, type ParameterSources } from '../../mapping/parameter-source.ts'

/**
 * A response's cache key (developer guide, "Use method or integration parameters as cache keys"):
 * the request's verb, the integration's `cacheNamespace` (the resource id unless set — methods of
 * different resources that share one share entries), and the values of its `cacheKeyParameters`
 * (`method.request.*`, in the order declared). A path parameter not listed does not tell requests
 * apart, as in AWS: `/pets/{id}` caches one answer for every id unless `method.request.path.id` is a key.
 */

/** What a cache key reads of a method: its resource and its integration's cache settings. */
export interface CacheKeyMethod {
  readonly resourceId: string
  readonly method: { readonly methodIntegration?: { readonly cacheNamespace?: string; readonly cacheKeyParameters?: readonly string[] } }
}

/** A method's key for one request: its verb and what the request holds of the key parameters. */
export type ResponseCacheKey = (httpMethod: string, sources: ParameterSources) => string

/**
 * A method's key, compiled at deploy time: the JSON text of everything but the verb and the parameters' values is
 * written once, so a request writes the key as text. The same text as `JSON.stringify([httpMethod, namespace, name,
 * value ?? null, ...])`: JSON keeps the parts apart whatever characters the values hold.
 */
export function compileResponseCacheKey(method: CacheKeyMethod): ResponseCacheKey {
  const names = method.method.methodIntegration?.cacheKeyParameters ?? []
  const namespace = `,${JSON.stringify(method.method.methodIntegration?.cacheNamespace || method.resourceId)}`
  const parameters: readonly (readonly [string, ParameterReader])[] = names
    .filter((name) => name.startsWith('method.request.'))
    .map((name) => [`,${JSON.stringify(name)},`, compileParameterSource(name)] as const)
  return (httpMethod, sources) => {
    let key = `[${JSON.stringify(httpMethod)}${namespace}`
    for (const [name, read] of parameters) {
      const value = read(sources)
      key += name + (value === undefined ? 'null' : JSON.stringify(value))
    }
    return `${key}]`
  }
}
