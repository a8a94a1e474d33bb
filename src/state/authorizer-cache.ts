/**
 * Cached authorizer results (developer guide, "Configure a Lambda authorizer": results are cached
 * per authorizer and stage, keyed by the identity-source values, for `authorizerResultTtlInSeconds`).
 * Shared state behind an interface (docs/architecture.md, "State"): memory in one process, or Redis.
 * Values are plain JSON so any adapter can store them.
 */
export interface AuthorizerCache {
  get(key: AuthorizerCacheKey): Promise<unknown>
  set(key: AuthorizerCacheKey, value: unknown, ttlMs: number): Promise<void>
  /** FlushStageAuthorizersCache: forget every result of one stage. */
  flushStage(restApiId: string, stageName: string): Promise<void>
}

export interface AuthorizerCacheKey {
  readonly restApiId: string
  readonly stageName: string
  readonly authorizerId: string
  /** The identity-source values, in the authorizer's order. */
  readonly identity: readonly string[]
}
