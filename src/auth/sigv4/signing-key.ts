import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto'

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256'

export const sha256Hex = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex')

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest()

/**
 * The signing key of a day, region and service: HMAC chain from `AWS4` + secret. Keys are cached
 * (they change once a day per credential), so a signed request costs one HMAC, not five; and as
 * KeyObjects, because node re-imports a Buffer key on every createHmac (several times the HMAC's
 * own cost). The cache is bounded and keyed by the secret's hash, never the secret itself.
 */
const CACHE_LIMIT = 256
const cache = new Map<string, KeyObject>()

export function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): KeyObject {
  const cacheKey = `${sha256Hex(secretAccessKey)}/${shortDate}/${region}/${service}`
  const cached = cache.get(cacheKey)
  if (cached !== undefined) return cached
  const key = createSecretKey(hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, shortDate), region), service), 'aws4_request'))
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
  cache.set(cacheKey, key)
  return key
}

/** The string to sign: algorithm, long date, credential scope and the canonical request's hash. */
export function stringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`
}

export function signature(key: KeyObject, toSign: string): string {
  return createHmac('sha256', key).update(toSign).digest('hex')
}
