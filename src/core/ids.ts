import { randomBytes, randomUUID } from 'node:crypto'

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Lowercase alphanumeric ids like AWS's: REST API and API key ids have 10, child resources 6. */
export function newId(length = 10): string {
  const bytes = randomBytes(length)
  let id = ''
  for (let i = 0; i < length; i++) id += ALPHANUMERIC[bytes[i] % ALPHANUMERIC.length]
  return id
}

export const newRestApiId = (): string => newId(10)
export const newResourceId = (): string => newId(10)
export const newDeploymentId = (): string => newId(6)
export const newModelId = (): string => newId(6)

/**
 * Random bytes for the ids every request needs, drawn from a buffer filled 4 KB at a time: one
 * `randomBytes` call per id costs more than the rest of a MOCK request's id work together.
 */
class RandomPool {
  #buffer = Buffer.alloc(0)
  #offset = 0

  /** `length` random bytes as text, encoded in place from the buffer: no view of them is made only to encode it. */
  text(length: number, encoding: 'base64' | 'hex'): string {
    if (this.#offset + length > this.#buffer.length) {
      this.#buffer = randomBytes(4096)
      this.#offset = 0
    }
    const text = this.#buffer.toString(encoding, this.#offset, this.#offset + length)
    this.#offset += length
    return text
  }
}

const randomPool = new RandomPool()

/** `x-amzn-RequestId` / `requestContext.requestId`: a UUID. */
export const newRequestId = (): string => randomUUID()

/**
 * `x-amz-apigw-id` / `extendedRequestId`: AWS shows 15 base64 characters and one `=` ("ZhFsxGQDDoEEMig="),
 * which is exactly what 11 bytes encode to.
 */
export function newExtendedRequestId(): string {
  return randomPool.text(11, 'base64')
}

/** The epoch second the last trace id was made in, and its 8 hex digits: written once a second, not per request. */
let traceSecond = Number.NaN
let traceSecondHex = ''

/** `X-Amzn-Trace-Id` root in X-Ray format: `Root=1-<8 hex epoch seconds>-<24 hex>`. */
export function newTraceId(nowMs: number): string {
  const second = Math.floor(nowMs / 1000)
  if (second !== traceSecond) {
    traceSecond = second
    traceSecondHex = second.toString(16).padStart(8, '0')
  }
  return `Root=1-${traceSecondHex}-${randomPool.text(12, 'hex')}`
}

/** An X-Ray segment id, as a trace header's `Parent=` field carries it: 64 bits, 16 hex. */
export function newTraceParentId(): string {
  return randomPool.text(8, 'hex')
}

/** API ids are pinned with the `_custom_id_` tag (LocalStack's convention) or gatehouse.yaml. */
export const CUSTOM_ID_TAG = '_custom_id_'

export const isValidApiId = (id: string): boolean => /^[a-z0-9]{1,64}$/.test(id)
