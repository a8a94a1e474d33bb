/**
 * The store as GET /_gatehouse/health reports it. `degraded` means the gateway lost its database: it
 * keeps serving the deployments it has already compiled, and catches up by revision once the
 * database answers again (docs/architecture.md, "Store").
 */
export type StoreHealth = { readonly backend: 'sqlite'; readonly status: 'ok' } | PostgresStoreHealth

export interface PostgresStoreHealth {
  readonly backend: 'postgres'
  readonly status: 'ok' | 'degraded'
  /** `host:port/database`, never the user or password. */
  readonly endpoint: string
  /**
   * The revision this node's configuration has followed the database to (its slowest watcher's):
   * nodes that show the same one serve the same configuration.
   */
  readonly revision?: number
  /** When the trouble began (ISO 8601), while degraded. */
  readonly since?: string
  /** The latest failure, with any password taken out, while degraded. */
  readonly lastError?: string
}
