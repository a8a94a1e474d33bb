import type { CachedResponse } from '../response-cache.ts'

/**
 * A cached answer as one record of bytes, its key with it: the key's length, the status and the headers' length,
 * then the key (as its caller encoded it), the headers as JSON (UTF-8) and the body to the end. The memory response cache keeps each
 * record in a chunk of its ChunkStore and finds it again by the key's hash, so that an entry is no object at all
 * for the garbage collector; the key inside the record tells two keys of the same hash apart.
 *
 * Layout: u32 key bytes, u16 status, u32 headers bytes, key, headers JSON, body.
 */
const FIXED_BYTES = 10

/** An answer measured for packing: what `packedLength` and `writePacked` need, worked out once. */
export interface MeasuredResponse {
  readonly response: CachedResponse
  readonly headersJson: string
  readonly headersBytes: number
}

export function measureResponse(response: CachedResponse): MeasuredResponse {
  const headersJson = JSON.stringify(response.headers)
  return { response, headersJson, headersBytes: Buffer.byteLength(headersJson, 'utf8') }
}

/** The bytes of the record of an answer under a key of `keyBytes` bytes. */
export function packedLength(keyBytes: number, measured: MeasuredResponse): number {
  return FIXED_BYTES + keyBytes + measured.headersBytes + measured.response.body.length
}

/** Writes the record into `target` (at least `packedLength` bytes); `key` holds the key's bytes. */
export function writePacked(target: Buffer, key: Buffer, keyBytes: number, measured: MeasuredResponse): void {
  target.writeUInt32BE(keyBytes, 0)
  target.writeUInt16BE(measured.response.statusCode, 4)
  target.writeUInt32BE(measured.headersBytes, 6)
  key.copy(target, FIXED_BYTES, 0, keyBytes)
  target.write(measured.headersJson, FIXED_BYTES + keyBytes, 'utf8')
  measured.response.body.copy(target, FIXED_BYTES + keyBytes + measured.headersBytes)
}

/** Whether the record is the one of the key whose `keyBytes` bytes begin `key`. */
export function isPackedUnder(record: Buffer, key: Buffer, keyBytes: number): boolean {
  return record.readUInt32BE(0) === keyBytes && key.compare(record, FIXED_BYTES, FIXED_BYTES + keyBytes, 0, keyBytes) === 0
}

/** The answer in a record, copied out of it: the record's chunk may hold another answer once it is freed. */
export function unpackResponse(record: Buffer): CachedResponse {
  const headersStart = FIXED_BYTES + record.readUInt32BE(0)
  const bodyStart = headersStart + record.readUInt32BE(6)
  return {
    statusCode: record.readUInt16BE(4),
    headers: JSON.parse(record.toString('utf8', headersStart, bodyStart)) as [string, string][],
    body: Buffer.from(record.subarray(bodyStart)),
  }
}
