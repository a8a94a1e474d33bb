import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GatewayError } from '../core/gateway-error.ts'
import { convertRequestPayload, convertResponsePayload } from './content-handling.ts'

/** The developer guide's "Content type conversions in API Gateway" tables, row by row. */
const NOT_UTF8 = Buffer.from([0x1f, 0x8b, 0x08, 0xff, 0x41])
const TEXT = Buffer.from('plain text')
const BASE64 = Buffer.from(NOT_UTF8.toString('base64'))
const REPLACED = Buffer.from('\u001f\ufffd\u0008\ufffdA')

describe('convertRequestPayload', () => {
  it('text: UTF-8 (invalid bytes replaced), or base64-decoded with CONVERT_TO_BINARY', () => {
    assert.deepEqual(convertRequestPayload(NOT_UTF8, false, undefined), { body: REPLACED, binary: false })
    assert.deepEqual(convertRequestPayload(TEXT, false, 'CONVERT_TO_TEXT'), { body: TEXT, binary: false })
    assert.deepEqual(convertRequestPayload(BASE64, false, 'CONVERT_TO_BINARY'), { body: NOT_UTF8, binary: true })
    assert.throws(() => convertRequestPayload(TEXT, false, 'CONVERT_TO_BINARY'), GatewayError)
  })

  it('binary: bytes, or base64 text with CONVERT_TO_TEXT', () => {
    assert.deepEqual(convertRequestPayload(NOT_UTF8, true, undefined), { body: NOT_UTF8, binary: true })
    assert.deepEqual(convertRequestPayload(NOT_UTF8, true, 'CONVERT_TO_BINARY'), { body: NOT_UTF8, binary: true })
    assert.deepEqual(convertRequestPayload(NOT_UTF8, true, 'CONVERT_TO_TEXT'), { body: BASE64, binary: false })
  })
})

describe('convertResponsePayload', () => {
  it('text payload: text for a text Accept or CONVERT_TO_TEXT, else base64-decoded', () => {
    assert.deepEqual(convertResponsePayload(TEXT, false, false, undefined), { body: TEXT, binary: false })
    assert.deepEqual(convertResponsePayload(TEXT, false, true, 'CONVERT_TO_TEXT'), { body: TEXT, binary: false })
    assert.deepEqual(convertResponsePayload(BASE64, false, true, undefined), { body: NOT_UTF8, binary: true })
    assert.deepEqual(convertResponsePayload(BASE64, false, false, 'CONVERT_TO_BINARY'), { body: NOT_UTF8, binary: true })
    assert.throws(() => convertResponsePayload(TEXT, false, true, undefined), GatewayError)
  })

  it('binary payload: base64 for a text Accept or CONVERT_TO_TEXT, else bytes', () => {
    assert.deepEqual(convertResponsePayload(NOT_UTF8, true, false, undefined), { body: BASE64, binary: false })
    assert.deepEqual(convertResponsePayload(NOT_UTF8, true, true, 'CONVERT_TO_TEXT'), { body: BASE64, binary: false })
    assert.deepEqual(convertResponsePayload(NOT_UTF8, true, true, undefined), { body: NOT_UTF8, binary: true })
    assert.deepEqual(convertResponsePayload(NOT_UTF8, true, false, 'CONVERT_TO_BINARY'), { body: NOT_UTF8, binary: true })
  })
})
