import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeInvoke, decodeRuntimeMessage, encodeFrame, encodeInvoke, encodeRuntimeMessage, FrameReader } from './runtime-frames.ts'
import type { InvokeMessage, RuntimeMessage } from './worker-messages.ts'

/**
 * Feeds `bytes` to a reader in pieces of `size` bytes, each copied into the same buffer as a socket's
 * `onread` does (so a reader that kept a piece without copying it would see it overwritten).
 */
function readInPieces(bytes: Buffer, size: number): string[] {
  const texts: string[] = []
  const reader = new FrameReader((text) => texts.push(text))
  const reused = Buffer.alloc(size)
  for (let at = 0; at < bytes.length; at += size) {
    const length = bytes.copy(reused, 0, at, at + size)
    reader.push(reused.subarray(0, length))
    reused.fill(0xff)
  }
  return texts
}

// An event as the Invoke API may carry it: pretty-printed by the caller, with raw newlines and non-ASCII text.
const invoke: InvokeMessage = {
  type: 'invoke',
  requestId: '6f1c2e44-0b7a-4c55-9a43-1d2f5e6a7b8c',
  payload: '{\n  "name": "Zoë",\n  "emoji": "🐕",\n  "note": "tab\\there"\n}',
  deadline: 1_765_000_000_123,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:pets:live',
  traceId: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
}

const messages: RuntimeMessage[] = [
  { type: 'ready' },
  { type: 'log', requestId: invoke.requestId, line: 'first line\nsecond line\t"quoted" é' },
  { type: 'result', requestId: invoke.requestId, payload: '{"statusCode":200,"body":"{\\"a\\":\\"b\\\\nc\\"}"}', maxMemoryUsedMB: 61 },
  { type: 'result', requestId: invoke.requestId, payload: 'null', maxMemoryUsedMB: 62 },
  { type: 'error', requestId: invoke.requestId, error: { errorType: 'Error', errorMessage: 'boom\nagain', trace: ['Error: boom', '    at x'] }, maxMemoryUsedMB: 63 },
  { type: 'fatal', requestId: undefined, error: { errorType: 'TypeError', errorMessage: 'x is not a function', trace: [] } },
  { type: 'init-error', error: { errorType: 'Runtime.ImportModuleError', errorMessage: 'Error: Cannot find module', trace: [] } },
]

/** Absent and undefined fields are one to the runtime and the host. */
const defined = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

describe('runtime frames', () => {
  it('carries an invocation with its event unchanged, whatever its text holds', () => {
    for (const message of [invoke, { ...invoke, traceId: undefined, clientContext: 'eyJjdXN0b20iOnt9fQ==' }]) {
      const [text] = readInPieces(encodeInvoke(message), 1 << 16)
      assert.deepEqual(defined(decodeInvoke(text)), defined(message))
    }
  })

  it('carries every message of the runtime as it was sent', () => {
    const bytes = Buffer.concat(messages.map(encodeRuntimeMessage))
    assert.deepEqual(readInPieces(bytes, bytes.length).map(decodeRuntimeMessage), defined(messages))
  })

  it('joins frames cut anywhere, down to single bytes and inside a multi-byte character', () => {
    const bytes = Buffer.concat([...messages.map(encodeRuntimeMessage), encodeInvoke(invoke)])
    const whole = readInPieces(bytes, bytes.length)
    assert.equal(whole.length, messages.length + 1)
    for (const size of [1, 2, 3, 5, 7, 64]) assert.deepEqual(readInPieces(bytes, size), whole)
  })

  it('carries a result larger than Lambda allows in one frame over many chunks', () => {
    const payload = JSON.stringify('€'.repeat(3 * 1024 * 1024))
    const bytes = encodeRuntimeMessage({ type: 'result', requestId: 'r', payload, maxMemoryUsedMB: 80 })
    const [text, ...rest] = readInPieces(bytes, 65_536)
    assert.equal(rest.length, 0)
    const decoded = decodeRuntimeMessage(text)
    assert.equal(decoded.type === 'result' && decoded.payload === payload, true)
  })

  it('stops at a frame longer than its limit, keeping none of it and reading nothing after', () => {
    const texts: string[] = []
    const declared: number[] = []
    const reader = new FrameReader((text) => texts.push(text), { maxBytes: 16, exceeded: (bytes) => declared.push(bytes) })
    const long = Buffer.alloc(4)
    long.writeUInt32LE(17, 0)
    reader.push(Buffer.concat([encodeFrame('{"type":"ready"}'), long, Buffer.alloc(17, 0x41), encodeFrame('{"type":"ready"}')]))
    reader.push(encodeFrame('{"type":"ready"}'))
    assert.deepEqual(texts, ['{"type":"ready"}'])
    assert.deepEqual(declared, [17])
  })

  it('refuses a frame that is no runtime message', () => {
    for (const text of ['{{{{{', 'null', '3', '"ready"', '{"kind":"ready"}', '[1]\n{}', 'not json\n{}']) {
      assert.throws(() => decodeRuntimeMessage(text), Error, text)
    }
  })

  it('refuses a runtime message whose fields are not of their type, as a handler writing to the channel could forge it', () => {
    const error = '{"errorType":"Error","errorMessage":"m","trace":[]}'
    for (const text of [
      '{"type":"unknown"}',
      '{"type":"result","requestId":"r","payload":{"statusCode":200},"maxMemoryUsedMB":1}',
      '["result","r","many"]\n{}',
      '{"type":"log","line":{"a":1}}',
      '{"type":"log","requestId":7,"line":"x"}',
      `{"type":"error","requestId":"r","error":${error}}`,
      '{"type":"error","requestId":"r","error":null,"maxMemoryUsedMB":1}',
      '{"type":"fatal","error":{"errorType":"E","errorMessage":"m","trace":[1]}}',
      '{"type":"init-error","error":{"errorType":"E","trace":[]}}',
    ]) assert.throws(() => decodeRuntimeMessage(text), Error, text)
    assert.deepEqual(decodeRuntimeMessage(`{"type":"fatal","error":${error}}`), { type: 'fatal', error: JSON.parse(error) })
  })
})
