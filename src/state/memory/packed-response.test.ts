import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CachedResponse } from '../response-cache.ts'
import { packResponse, unpackResponse } from './packed-response.ts'

describe('packResponse / unpackResponse', () => {
  it('gives back the status, every header in order and the body', () => {
    const response: CachedResponse = {
      statusCode: 203,
      headers: [['content-type', 'application/json'], ['x-multi', 'a'], ['x-multi', 'b'], ['x-empty', ''], ['x-text', 'café ✓ 日本']],
      body: Buffer.from('{"price":249.99,"name":"ünïcode"}'),
    }
    const unpacked = unpackResponse(packResponse(response))
    assert.equal(unpacked.statusCode, 203)
    assert.deepEqual(unpacked.headers, response.headers)
    assert.deepEqual(unpacked.body, response.body)
  })

  it('keeps an answer without headers or body, and one with thousands of headers', () => {
    assert.deepEqual(unpackResponse(packResponse({ statusCode: 204, headers: [], body: Buffer.alloc(0) })), { statusCode: 204, headers: [], body: Buffer.alloc(0) })
    const headers = Array.from({ length: 70_000 }, (_, index) => [`x-${index}`, String(index)] as const)
    const many = unpackResponse(packResponse({ statusCode: 200, headers, body: Buffer.from('ok') }))
    assert.equal(many.headers.length, 70_000)
    assert.deepEqual(many.headers.at(-1), ['x-69999', '69999'])
    assert.equal(many.body.toString(), 'ok')
  })

  it('copies: what the caller does to its answer afterwards does not reach the packed one', () => {
    const body = Buffer.from('original')
    const headers: [string, string][] = [['x-a', '1']]
    const packed = packResponse({ statusCode: 200, headers, body })
    body.write('CHANGED!')
    headers[0][1] = '2'
    const unpacked = unpackResponse(packed)
    assert.equal(unpacked.body.toString(), 'original')
    assert.deepEqual(unpacked.headers, [['x-a', '1']])
  })
})
