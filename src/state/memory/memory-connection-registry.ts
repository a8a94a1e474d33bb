import type { ConnectionEndpoint, ConnectionRecord, ConnectionRegistry } from '../connection-registry.ts'

/** The connections of this process only: enough for one gateway node. */
export class MemoryConnectionRegistry implements ConnectionRegistry {
  readonly #connections = new Map<string, { record: ConnectionRecord; endpoint: ConnectionEndpoint }>()

  async add(record: ConnectionRecord, endpoint: ConnectionEndpoint): Promise<void> {
    this.#connections.set(record.connectionId, { record, endpoint })
  }

  async get(connectionId: string): Promise<ConnectionRecord | undefined> {
    return this.#connections.get(connectionId)?.record
  }

  async touch(connectionId: string, at: number): Promise<void> {
    const held = this.#connections.get(connectionId)
    if (held !== undefined) held.record = { ...held.record, lastActiveAt: at }
  }

  async remove(connectionId: string): Promise<void> {
    this.#connections.delete(connectionId)
  }

  async post(connectionId: string, data: Buffer): Promise<boolean> {
    const held = this.#connections.get(connectionId)
    if (held === undefined) return false
    held.endpoint.send(data)
    return true
  }

  async disconnect(connectionId: string, code: number, reason: string): Promise<boolean> {
    const held = this.#connections.get(connectionId)
    if (held === undefined) return false
    held.endpoint.close(code, reason)
    return true
  }

  onLost(): void {
    // One process holds every connection it knows: none is ever lost to another node.
  }

  async close(): Promise<void> {
    this.#connections.clear()
  }
}
