/**
 * Codes that mean "PostgreSQL is not there (yet)", worth waiting for: the network's, and the
 * server's own while it starts, shuts down or has no connection slot (PostgreSQL docs, "PostgreSQL
 * Error Codes": 57P01-57P03 admin_shutdown, crash_shutdown, cannot_connect_now; 53300
 * too_many_connections). Anything else (a wrong password, a missing database, a newer schema)
 * will not mend by waiting.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  '57P01', '57P02', '57P03', '53300',
])

/** The code of a connection failure, looking inside an AggregateError (one per address tried). */
function failureCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const { code, errors, message } = error as { code?: unknown; errors?: unknown[]; message?: unknown }
  if (typeof code === 'string') return code
  if (Array.isArray(errors)) for (const inner of errors) return failureCode(inner)
  // node-postgres's own words for a connection that timed out or died during the handshake.
  if (typeof message === 'string' && /timeout expired|Connection terminated/i.test(message)) return 'ETIMEDOUT'
  return undefined
}

export const isUnreachable = (error: unknown): boolean => UNREACHABLE_CODES.has(failureCode(error) ?? '')

export interface ReachOptions {
  /** `host:port/database`, never the password: what every message names. */
  readonly endpoint: string
  /** How long to keep trying before giving up (ms). */
  readonly timeoutMs: number
  /** Told of each failed attempt and the wait before the next. */
  readonly onRetry: (message: string) => void
  /** The first wait; each next one doubles, up to `maxDelayMs`. */
  readonly initialDelayMs?: number
  readonly maxDelayMs?: number
}

/**
 * Runs `attempt` until it succeeds, waiting with exponential backoff while PostgreSQL cannot be
 * reached, for at most `timeoutMs`. A failure that waiting will not mend is thrown at once.
 */
export async function reachPostgres<T>(attempt: () => Promise<T>, options: ReachOptions): Promise<T> {
  const started = Date.now()
  let delay = options.initialDelayMs ?? 250
  for (;;) {
    try {
      return await attempt()
    } catch (error) {
      if (!isUnreachable(error)) throw error
      const code = failureCode(error)
      const elapsed = Date.now() - started
      if (elapsed + delay > options.timeoutMs) {
        throw new Error(
          `cannot reach PostgreSQL at ${options.endpoint} after ${Math.round(elapsed / 1000)} s (${code}): start it, or pass another --database-url`,
          { cause: error },
        )
      }
      options.onRetry(`PostgreSQL at ${options.endpoint} is not reachable (${code}); retrying in ${delay} ms`)
      await new Promise((resolve) => setTimeout(resolve, delay))
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5_000)
    }
  }
}
