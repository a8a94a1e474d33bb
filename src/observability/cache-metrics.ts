/**
 * CacheHitCount and CacheMissCount per stage (developer guide, "Cache settings for REST APIs": the
 * CloudWatch metrics of the API cache), counted by the data plane for every request to a method
 * whose caching is on. Read by tests and the Gatehouse cache-metrics route.
 */
export interface CacheCounts {
  readonly CacheHitCount: number
  readonly CacheMissCount: number
}

export class CacheMetrics {
  readonly #counts = new Map<string, { CacheHitCount: number; CacheMissCount: number }>()

  hit(restApiId: string, stageName: string): void {
    this.#entry(restApiId, stageName).CacheHitCount++
  }

  miss(restApiId: string, stageName: string): void {
    this.#entry(restApiId, stageName).CacheMissCount++
  }

  counts(restApiId: string, stageName: string): CacheCounts {
    return { ...(this.#counts.get(`${restApiId}/${stageName}`) ?? { CacheHitCount: 0, CacheMissCount: 0 }) }
  }

  #entry(restApiId: string, stageName: string) {
    const name = `${restApiId}/${stageName}`
    let entry = this.#counts.get(name)
    if (entry === undefined) this.#counts.set(name, (entry = { CacheHitCount: 0, CacheMissCount: 0 }))
    return entry
  }
}
