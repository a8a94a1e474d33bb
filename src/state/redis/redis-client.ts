import { Redis } from 'ioredis'
import {
  AUTHORIZER_GET_SCRIPT, AUTHORIZER_SET_SCRIPT, CACHE_GET_SCRIPT, CACHE_PUT_SCRIPT, CONSUME_SCRIPT, METER_SCRIPT, TAKE_EACH_SCRIPT, TAKE_SCRIPT,
} from './redis-scripts.ts'

/** The scripts as client commands (ioredis `defineCommand`: EVALSHA, EVAL when the server lacks it). */
export interface GatehouseRedis extends Redis {
  gatehouseTake(bucket: string, rate: number, burst: number, now: number): Promise<number>
  /** The number of buckets first (a variable number of keys), then the buckets, their limits, now. */
  gatehouseTakeEach(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<number>
  gatehouseConsume(period: string, day: string, limit: number, ttlSeconds: number): Promise<number>
  /** The number of keys first (the plan's bucket, period and day, then the buckets after them), then keys and args. */
  gatehouseMeter(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<number>
  gatehouseAuthorizerGet(generationKey: string, entry: string): Promise<string | null>
  gatehouseAuthorizerSet(generationKey: string, entry: string, json: string, ttlMs: number): Promise<number>
  /** The entry's bytes as stored (the `Buffer` variant ioredis defines beside each command). */
  gatehouseCacheGetBuffer(generationKey: string, key: string): Promise<Buffer | null>
  gatehouseCachePut(generationKey: string, key: string, entry: Buffer | string, bytes: number, ttlMs: number, capacity: number, store: 0 | 1): Promise<number>
}

export interface RedisClientOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  readonly url: string
  /** Prepended to every key, so several gateways (or test runs) can share one Redis. */
  readonly keyPrefix: string
  /** How long one command may take before the request stops waiting for it (default 500 ms). */
  readonly commandTimeoutMs?: number
  /** Queue commands until connected (tests whose synchronous factories cannot wait); never on the request path. */
  readonly queueUntilConnected?: boolean
}

/**
 * A client that never makes a request wait for Redis: no offline queue (a command while disconnected
 * fails at once), no per-command retries, a short command timeout, and reconnection in the background
 * every 0.1–1 s for as long as it takes. Commands issued in the same tick go out as one pipeline.
 */
export function createRedisClient(options: RedisClientOptions): GatehouseRedis {
  const client = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    enableOfflineQueue: options.queueUntilConnected === true,
    enableAutoPipelining: true,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
    lazyConnect: false,
  })
  client.defineCommand('gatehouseTake', { numberOfKeys: 1, lua: TAKE_SCRIPT })
  client.defineCommand('gatehouseTakeEach', { lua: TAKE_EACH_SCRIPT })
  client.defineCommand('gatehouseConsume', { numberOfKeys: 2, lua: CONSUME_SCRIPT })
  client.defineCommand('gatehouseMeter', { lua: METER_SCRIPT })
  client.defineCommand('gatehouseAuthorizerGet', { numberOfKeys: 1, lua: AUTHORIZER_GET_SCRIPT })
  client.defineCommand('gatehouseAuthorizerSet', { numberOfKeys: 1, lua: AUTHORIZER_SET_SCRIPT })
  client.defineCommand('gatehouseCacheGet', { numberOfKeys: 1, lua: CACHE_GET_SCRIPT })
  client.defineCommand('gatehouseCachePut', { numberOfKeys: 1, lua: CACHE_PUT_SCRIPT })
  return client as GatehouseRedis
}

/** Waits until the client is connected, or `timeoutMs` passes (then false: it keeps trying in the background). */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady)
      resolve(false)
    }, timeoutMs)
    const onReady = (): void => {
      clearTimeout(timer)
      resolve(true)
    }
    client.once('ready', onReady)
  })
}
