import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CachedResponse } from '../response-cache.ts'
import { isPackedUnder, measureResponse, packedLength, unpackResponse, writePacked } from './packed-response.ts'

/** The record of `response` under `key`, in a buffer of its own. */
function pack(key: string, response: CachedResponse): Buffer {
  const keyBytes = Buffer.from(key)
  const measured = measureResponse(response)
  const record = Buffer.alloc(packedLength(keyBytes.length, measured))
  writePacked(record, keyBytes, keyBytes.length, measured)
  return record
}

describe('packed cache records', () => {
  it('give back the status, every header in order and the body', () => {
    const response: CachedResponse = {
      statusCode: 203,
      headers: [['content-type', 'application/json'], ['x-multi', 'a'], ['x-multi', 'b'], ['x-empty', ''], ['x-text', 'café ✓ 日本']],
      body: Buffer.from('{"price":249.99,"name":"ünïcode"}'),
    }
    const unpacked = unpackResponse(pack('["GET","/pets"]', response))
    assert.equal(unpacked.statusCode, 203)
    assert.deepEqual(unpacked.headers, response.headers)
    assert.deepEqual(unpacked.body, response.body)
  })

  it('keep an answer without headers or body, and one with thousands of headers', () => {
    assert.deepEqual(unpackResponse(pack('', { statusCode: 204, headers: [], body: Buffer.alloc(0) })), { statusCode: 204, headers: [], body: Buffer.alloc(0) })
    const headers = Array.from({ length: 70_000 }, (_, index) => [`x-${index}`, String(index)] as const)
    const many = unpackResponse(pack('k', { statusCode: 200, headers, body: Buffer.from('ok') }))
    assert.equal(many.headers.length, 70_000)
    assert.deepEqual(many.headers.at(-1), ['x-69999', '69999'])
    assert.equal(many.body.toString(), 'ok')
  })

  it('name their key: the same bytes only, not a prefix, an extension or another of the same length', () => {
    const record = pack('GET|/pets|ü', { statusCode: 200, headers: [], body: Buffer.from('x') })
    const is = (key: string): boolean => isPackedUnder(record, Buffer.from(key), Buffer.byteLength(key))
    assert.equal(is('GET|/pets|ü'), true)
    for (const other of ['GET|/pets|', 'GET|/pets|üx', 'GET|/pets|u', 'GET|/pats|ü', '']) assert.equal(is(other), false, other)
  })

  it('are copies both ways: neither the caller changing its answer nor the record changing reaches the other', () => {
    const body = Buffer.from('original')
    const headers: [string, string][] = [['x-a', '1']]
    const record = pack('k', { statusCode: 200, headers, body })
    body.write('CHANGED!')
    headers[0][1] = '2'
    const unpacked = unpackResponse(record)
    assert.equal(unpacked.body.toString(), 'original')
    assert.deepEqual(unpacked.headers, [['x-a', '1']])
    record.fill(0)
    assert.equal(unpacked.body.toString(), 'original', 'the body read is no view of the record, whose chunk may be reused')
  })
})
