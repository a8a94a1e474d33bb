import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

/** A key prefix no other test run uses, so runs on one Redis never see each other's keys. */
export const uniqueKeyPrefix = (name: string): string => `gatehouse-test:${name}:${process.pid}:${randomBytes(4).toString('hex')}:`

/** A plain client for a test's own checks; throws at once when that Redis does not answer. */
export async function connectTestRedis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null })
  client.on('error', () => {}) // connect() rejects with it
  try {
    await client.connect()
    await client.ping()
  } catch (error) {
    client.disconnect()
    throw new Error(`cannot reach the test Redis at ${url}: ${(error as Error).message}`)
  }
  return client
}

/** Deletes this run's keys only (never FLUSHDB: with REDIS_URL, other runs may share the server). */
export async function deleteKeysWithPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`, 'COUNT', 1000)
    if (keys.length > 0) await client.unlink(...keys)
    cursor = next
  } while (cursor !== '0')
}
