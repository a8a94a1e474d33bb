import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { Logger } from '../../core/logger.ts'
import type { ConnectionEndpoint, ConnectionRecord, ConnectionRegistry } from '../connection-registry.ts'
import { createRedisClient } from './redis-client.ts'

export interface RedisConnectionRegistryOptions {
  readonly url: string
  readonly keyPrefix: string
  readonly logger: Logger
  /** How often this node says it is alive and looks for nodes that are not (default 1 s); gone after three missed beats. */
  readonly heartbeatMs?: number
  /** This node's name (random by default). */
  readonly nodeId?: string
}

/** What one node asks another to do with a socket it holds. */
type NodeCommand =
  | { readonly op: 'post'; readonly id: string; readonly data: string }
  | { readonly op: 'close'; readonly id: string; readonly code: number; readonly reason: string }

// Keys (after the client's prefix). A connection's record names the node that holds its socket.
const connectionKey = (connectionId: string): string => `ws:conn:${connectionId}`
const nodeConnectionsKey = (nodeId: string): string => `ws:node-conns:${nodeId}`
const aliveKey = (nodeId: string): string => `ws:alive:${nodeId}`
const NODES_KEY = 'ws:nodes'

/** Sets the record's `lastActiveAt` only while the record exists, so a late touch never revives a removed one. */
const TOUCH_SCRIPT = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local held = cjson.decode(raw)
held.record.lastActiveAt = tonumber(ARGV[1])
redis.call('SET', KEYS[1], cjson.encode(held))
return 1`

/**
 * The connection registry of every gateway on one Redis. Each node keeps its own sockets; Redis holds
 * each connection's record with the node that holds it, and each node listens on a channel of its
 * own, so PostToConnection and DeleteConnection through any node reach the socket on its node. A
 * node beats a heartbeat key; one whose heartbeat lapsed (it died without closing its connections)
 * has its connections claimed by exactly one surviving node (a RENAME only one can win), which
 * removes them and hands them to its `onLost` listeners for `$disconnect`.
 */
export class RedisConnectionRegistry implements ConnectionRegistry {
  readonly #client: Redis
  readonly #subscriber: Redis
  readonly #logger: Logger
  readonly #nodeId: string
  readonly #channelPrefix: string
  readonly #heartbeatMs: number
  /** The sockets this node holds, with their records (what `get` answers while Redis cannot). */
  readonly #local = new Map<string, { record: ConnectionRecord; endpoint: ConnectionEndpoint }>()
  readonly #lostListeners: ((record: ConnectionRecord) => void)[] = []
  #timer: NodeJS.Timeout | undefined
  #closed = false

  private constructor(client: Redis, subscriber: Redis, options: RedisConnectionRegistryOptions) {
    this.#client = client
    this.#subscriber = subscriber
    this.#logger = options.logger
    this.#nodeId = options.nodeId ?? randomBytes(8).toString('hex')
    this.#channelPrefix = `${options.keyPrefix}ws:node:`
    this.#heartbeatMs = options.heartbeatMs ?? 1_000
    client.defineCommand('gatehouseTouchConnection', { numberOfKeys: 1, lua: TOUCH_SCRIPT })
  }

  /** Joins the registry: subscribes to this node's channel and starts its heartbeat. */
  static async open(options: RedisConnectionRegistryOptions): Promise<RedisConnectionRegistry> {
    // Queued until connected: a WebSocket's registration may wait for Redis, unlike a metered request.
    const client = createRedisClient({ url: options.url, keyPrefix: options.keyPrefix, queueUntilConnected: true, commandTimeoutMs: 2_000 })
    const subscriber = client.duplicate()
    for (const connection of [client, subscriber]) {
      connection.on('error', (error: Error) => options.logger.debug({ err: error.message }, 'WebSocket connection registry: Redis error'))
    }
    const registry = new RedisConnectionRegistry(client, subscriber, options)
    registry.#join()
    return registry
  }

  get nodeId(): string {
    return this.#nodeId
  }

  /**
   * Subscribes (again on every reconnection) and beats, without waiting for Redis: a gateway starts
   * while Redis is down, and its own connections keep working meanwhile.
   */
  #join(): void {
    this.#subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => this.#receive(message))
    const subscribe = (): void => {
      this.#subscriber.subscribe(this.#channel(this.#nodeId)).catch((error: unknown) => this.#logger.debug({ err: error }, 'WebSocket connection registry: subscribe failed'))
    }
    this.#subscriber.on('ready', subscribe)
    if (this.#subscriber.status === 'ready') subscribe()
    this.#beat().catch(() => {})
    this.#timer = setInterval(() => {
      this.#beat().then(() => this.#reap()).catch((error: unknown) => this.#logger.warn({ err: error }, 'WebSocket connection registry: heartbeat failed'))
    }, this.#heartbeatMs)
    this.#timer.unref()
  }

  #channel(nodeId: string): string {
    return `${this.#channelPrefix}${nodeId}`
  }

  async #beat(): Promise<void> {
    await this.#client.multi().set(aliveKey(this.#nodeId), '1', 'PX', this.#heartbeatMs * 3).sadd(NODES_KEY, this.#nodeId).exec()
  }

  async add(record: ConnectionRecord, endpoint: ConnectionEndpoint): Promise<void> {
    this.#local.set(record.connectionId, { record, endpoint })
    await this.#shared('add', () => this.#client.multi()
      .set(connectionKey(record.connectionId), JSON.stringify({ node: this.#nodeId, record }))
      .sadd(nodeConnectionsKey(this.#nodeId), record.connectionId)
      .exec())
  }

  async get(connectionId: string): Promise<ConnectionRecord | undefined> {
    const local = this.#local.get(connectionId)
    const held = await this.#shared('get', () => this.#held(connectionId))
    return held === undefined ? local?.record : held.record
  }

  async touch(connectionId: string, at: number): Promise<void> {
    const local = this.#local.get(connectionId)
    if (local !== undefined) local.record = { ...local.record, lastActiveAt: at }
    await this.#shared('touch', () => (this.#client as Redis & { gatehouseTouchConnection(key: string, at: number): Promise<number> }).gatehouseTouchConnection(connectionKey(connectionId), at))
  }

  async remove(connectionId: string): Promise<void> {
    this.#local.delete(connectionId)
    await this.#shared('remove', async () => {
      const held = await this.#held(connectionId)
      const removal = this.#client.multi().del(connectionKey(connectionId))
      if (held !== undefined) removal.srem(nodeConnectionsKey(held.node), connectionId)
      await removal.exec()
    })
  }

  /** A Redis call whose failure leaves this node's own connections working: logged, undefined. */
  async #shared<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call()
    } catch (error) {
      this.#logger.warn({ err: (error as Error).message }, `WebSocket connection registry: ${what} failed in Redis`)
      return undefined
    }
  }

  post(connectionId: string, data: Buffer): Promise<boolean> {
    return this.#deliver(connectionId, (endpoint) => endpoint.send(data), { op: 'post', id: connectionId, data: data.toString('base64') })
  }

  disconnect(connectionId: string, code: number, reason: string): Promise<boolean> {
    return this.#deliver(connectionId, (endpoint) => endpoint.close(code, reason), { op: 'close', id: connectionId, code, reason })
  }

  onLost(listener: (record: ConnectionRecord) => void): void {
    this.#lostListeners.push(listener)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    try {
      // What this node still holds is lost now: the next survivor's sweep hands it on at once.
      await this.#client.del(aliveKey(this.#nodeId))
    } catch (error) {
      this.#logger.warn({ err: error }, 'WebSocket connection registry: could not leave')
    }
    this.#local.clear()
    this.#subscriber.disconnect()
    this.#client.disconnect()
  }

  /** On this node, straight to its socket; else on the holding node's channel. False when no node holds it. */
  async #deliver(connectionId: string, here: (endpoint: ConnectionEndpoint) => void, command: NodeCommand): Promise<boolean> {
    const local = this.#local.get(connectionId)
    if (local !== undefined) {
      here(local.endpoint)
      return true
    }
    const held = await this.#held(connectionId)
    if (held === undefined) return false
    if (held.node === this.#nodeId) {
      // Recorded here but no longer open here (a close racing the call): gone.
      return false
    }
    const receivers = await this.#client.publish(this.#channel(held.node), JSON.stringify(command))
    return receivers > 0
  }

  #receive(message: Buffer): void {
    let command: NodeCommand
    try {
      command = JSON.parse(message.toString()) as NodeCommand
    } catch {
      return
    }
    const endpoint = this.#local.get(command.id)?.endpoint
    if (endpoint === undefined) return
    if (command.op === 'post') endpoint.send(Buffer.from(command.data, 'base64'))
    else endpoint.close(command.code, command.reason)
  }

  async #held(connectionId: string): Promise<{ node: string; record: ConnectionRecord } | undefined> {
    const raw = await this.#client.get(connectionKey(connectionId))
    return raw === null ? undefined : (JSON.parse(raw) as { node: string; record: ConnectionRecord })
  }

  /** Claims the connections of every node whose heartbeat lapsed, removes them and hands them to the listeners. */
  async #reap(): Promise<void> {
    if (this.#closed) return
    for (const node of await this.#client.smembers(NODES_KEY)) {
      if (node === this.#nodeId || (await this.#client.exists(aliveKey(node))) === 1) continue
      const claimed = `ws:reaping:${node}:${this.#nodeId}`
      try {
        await this.#client.rename(nodeConnectionsKey(node), claimed)
      } catch {
        // Another survivor claimed them first, or the node left none.
        await this.#client.srem(NODES_KEY, node)
        continue
      }
      await this.#client.srem(NODES_KEY, node)
      for (const connectionId of await this.#client.smembers(claimed)) {
        const held = await this.#held(connectionId)
        await this.#client.del(connectionKey(connectionId))
        if (held === undefined || held.node !== node) continue
        this.#logger.info({ connectionId, node }, 'WebSocket connection lost with its node')
        for (const listener of this.#lostListeners) listener(held.record)
      }
      await this.#client.del(claimed)
    }
  }
}
