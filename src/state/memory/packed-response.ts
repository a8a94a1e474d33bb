import type { CachedResponse } from '../response-cache.ts'

/**
 * A cached answer in one buffer: the status, the headers as JSON, then the body. An entry kept this way is one
 * buffer for the garbage collector, however many headers it has, instead of an object per header pair besides
 * (a cache filling with misses keeps every one of them alive, and young collections copied them all). Its bytes
 * come from Node's buffer pool, as the body's copy did before.
 *
 * Layout: u16 status, u32 byte length of the headers' JSON, the JSON (UTF-8), then the body to the end.
 */
export function packResponse(response: CachedResponse): Buffer {
  const headers = JSON.stringify(response.headers)
  const headersLength = Buffer.byteLength(headers, 'utf8')
  const packed = Buffer.allocUnsafe(6 + headersLength + response.body.length)
  packed.writeUInt16BE(response.statusCode, 0)
  packed.writeUInt32BE(headersLength, 2)
  packed.write(headers, 6, 'utf8')
  response.body.copy(packed, 6 + headersLength)
  return packed
}

export function unpackResponse(packed: Buffer): CachedResponse {
  const headersEnd = 6 + packed.readUInt32BE(2)
  return {
    statusCode: packed.readUInt16BE(0),
    headers: JSON.parse(packed.toString('utf8', 6, headersEnd)) as [string, string][],
    body: packed.subarray(headersEnd),
  }
}
