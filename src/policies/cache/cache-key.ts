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

/**
 * A method's key, compiled: the JSON text of everything but the verb and the parameters' values, so a request
 * writes the key as text instead of building the parts' array and serialising it whole.
 */
interface CompiledKey {
  /** `,"<namespace>"`. */
  readonly namespace: string
  /** Per key parameter: `,"<name>",` and how to read its value. */
  readonly parameters: readonly (readonly [string, ParameterReader])[]
}

const compiledKeys = new WeakMap<CacheKeyMethod, CompiledKey>()

function compiledKey(method: CacheKeyMethod): CompiledKey {
  let compiled = compiledKeys.get(method)
  if (compiled === undefined) {
    const names = method.method.methodIntegration?.cacheKeyParameters ?? []
    compiled = {
      namespace: `,${JSON.stringify(method.method.methodIntegration?.cacheNamespace || method.resourceId)}`,
      parameters: names.filter((name) => name.startsWith('method.request.')).map((name) => [`,${JSON.stringify(name)},`, compileParameterSource(name)] as const),
    }
    compiledKeys.set(method, compiled)
  }
  return compiled
}

/** The same text as `JSON.stringify([httpMethod, namespace, name, value ?? null, ...])`: JSON keeps the parts apart whatever characters the values hold. */
export function responseCacheKey(method: CacheKeyMethod, httpMethod: string, sources: ParameterSources): string {
  const { namespace, parameters } = compiledKey(method)
  let key = `[${JSON.stringify(httpMethod)}${namespace}`
  for (const [name, read] of parameters) {
    const value = read(sources)
    key += name + (value === undefined ? 'null' : JSON.stringify(value))
  }
  return `${key}]`
}
