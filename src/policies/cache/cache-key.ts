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

const readers = new WeakMap<CacheKeyMethod, readonly (readonly [string, ParameterReader])[]>()

function keyReaders(method: CacheKeyMethod): readonly (readonly [string, ParameterReader])[] {
  let compiled = readers.get(method)
  if (compiled === undefined) {
    const names = method.method.methodIntegration?.cacheKeyParameters ?? []
    compiled = names.filter((name) => name.startsWith('method.request.')).map((name) => [name, compileParameterSource(name)] as const)
    readers.set(method, compiled)
  }
  return compiled
}

export function responseCacheKey(method: CacheKeyMethod, httpMethod: string, sources: ParameterSources): string {
  const namespace = method.method.methodIntegration?.cacheNamespace || method.resourceId
  const parts: (string | null)[] = [httpMethod, namespace]
  for (const [name, read] of keyReaders(method)) parts.push(name, read(sources) ?? null)
  // JSON keeps the parts apart whatever characters the values hold.
  return JSON.stringify(parts)
}
