import type { PostgresStoreHealth } from '../store-health.ts'

/** The two links a node keeps to PostgreSQL: its queries (the pool) and the LISTEN connection of the change feed. */
export type PostgresLink = 'database' | 'feed'

/**
 * Whether this node is in touch with PostgreSQL, for the health endpoint. A link is troubled from its
 * first failure until it next works; the store is degraded while either is. The last error is kept
 * without the URL's password (node-postgres does not put it in messages, but a message that quotes
 * the connection string would).
 */
export class ConnectionHealth {
  readonly #endpoint: string
  readonly #secrets: readonly string[]
  readonly #troubled = new Map<PostgresLink, number>()
  #lastError = ''

  constructor(endpoint: string, url: string) {
    this.#endpoint = endpoint
    this.#secrets = secretsOf(url)
  }

  /** The latest failure's message, without the password. */
  get lastError(): string {
    return this.#lastError
  }

  get degraded(): boolean {
    return this.#troubled.size > 0
  }

  /** A link failed; returns true when this is the start of trouble (for a single warning). */
  failed(link: PostgresLink, error: unknown): boolean {
    const wasDegraded = this.degraded
    if (!this.#troubled.has(link)) this.#troubled.set(link, Date.now())
    this.#lastError = this.#redact(error instanceof Error ? error.message : String(error))
    return !wasDegraded
  }

  /** A link worked; returns true when that ended the trouble. */
  worked(link: PostgresLink): boolean {
    if (!this.#troubled.delete(link)) return false
    return !this.degraded
  }

  snapshot(): PostgresStoreHealth {
    if (!this.degraded) return { backend: 'postgres', status: 'ok', endpoint: this.#endpoint }
    const since = new Date(Math.min(...this.#troubled.values())).toISOString()
    return { backend: 'postgres', status: 'degraded', endpoint: this.#endpoint, since, lastError: this.#lastError }
  }

  #redact(message: string): string {
    let redacted = message
    for (const secret of this.#secrets) redacted = redacted.split(secret).join('***')
    return redacted
  }
}

/** The password of a URL, as written and decoded (a message may quote either). */
function secretsOf(url: string): string[] {
  try {
    const { password } = new URL(url)
    if (password === '') return []
    return [...new Set([password, decodeURIComponent(password)])]
  } catch {
    return []
  }
}
