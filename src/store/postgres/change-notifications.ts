import { Client, type ClientConfig, type Notification } from 'pg'
import { CHANGES_CHANNEL } from './postgres-change-log.ts'

export interface ChangeNotificationsOptions {
  /** How to connect (the store's URL and settings); a new client is made for every (re)connection. */
  readonly client: ClientConfig
  /** After LISTEN took effect, the first time and after every reconnection: read what was missed. */
  readonly onListening: () => void
  /** A commit somewhere announced its revision. */
  readonly onNotification: (revision: number) => void
  /** The connection failed or was lost; it is retried after a backoff. */
  readonly onLost: (error: unknown) => void
  readonly initialDelayMs?: number
  readonly maxDelayMs?: number
}

/**
 * One connection that LISTENs for the commits of every node on the database. Notifications sent
 * while it is not listening are lost (PostgreSQL docs, "LISTEN"), so each time it starts listening it
 * says so, and the store reads the change log from its watchers' revisions: a node that lost its
 * connection, or started listening after a commit, still converges.
 */
export class ChangeNotifications {
  readonly #options: ChangeNotificationsOptions
  #client: Client | undefined
  #retry: NodeJS.Timeout | undefined
  #delay: number
  #closed = false

  constructor(options: ChangeNotificationsOptions) {
    this.#options = options
    this.#delay = options.initialDelayMs ?? 250
    void this.#connect()
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#retry)
    const client = this.#client
    this.#client = undefined
    await client?.end().catch(() => undefined)
  }

  async #connect(): Promise<void> {
    if (this.#closed) return
    const client = new Client(this.#options.client)
    this.#client = client
    // Kept for the client's whole life: node-postgres throws an 'error' nobody listens to.
    client.on('error', (error) => this.#lost(client, error))
    client.on('end', () => this.#lost(client, new Error('the change feed connection to PostgreSQL ended')))
    client.on('notification', (message: Notification) => {
      if (message.channel === CHANGES_CHANNEL) this.#options.onNotification(Number(message.payload))
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${CHANGES_CHANNEL}`)
    } catch (error) {
      this.#lost(client, error)
      return
    }
    if (this.#client !== client) return
    this.#delay = this.#options.initialDelayMs ?? 250
    this.#options.onListening()
  }

  #lost(client: Client, error: unknown): void {
    if (this.#closed || this.#client !== client) return
    this.#client = undefined
    client.end().catch(() => undefined)
    this.#options.onLost(error)
    this.#retry = setTimeout(() => void this.#connect(), this.#delay)
    this.#retry.unref()
    this.#delay = Math.min(this.#delay * 2, this.#options.maxDelayMs ?? 5_000)
  }
}
