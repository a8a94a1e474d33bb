import type { InvokeMessage, RuntimeMessage } from './worker-messages.ts'

/**
 * The wire format between the gateway and a function's process, on a pipe of their own: each frame
 * is a 4-byte little-endian length and that many bytes of UTF-8. A message that carries a payload
 * (an event, a result) is a small JSON header, a newline, then the payload's own JSON as it is:
 * the payload is copied once into the frame, never escaped into another JSON document nor run
 * through a structured-clone serializer. JSON text never holds a raw newline, so the first one
 * ends the header. Messages without a payload are one JSON object.
 */

const NEWLINE = 0x0a
const LENGTH_BYTES = 4

/** A frame of `header`, or of `header`, a newline and `payload`. */
export function encodeFrame(header: string, payload?: string): Buffer {
  const headerBytes = Buffer.byteLength(header)
  const bodyBytes = payload === undefined ? headerBytes : headerBytes + 1 + Buffer.byteLength(payload)
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + bodyBytes)
  frame.writeUInt32LE(bodyBytes, 0)
  frame.write(header, LENGTH_BYTES)
  if (payload !== undefined) {
    frame[LENGTH_BYTES + headerBytes] = NEWLINE
    frame.write(payload, LENGTH_BYTES + headerBytes + 1)
  }
  return frame
}

/**
 * Cuts a byte stream into frames and hands each frame's text to `onFrame`. The usual frame is read
 * straight from its chunk; only a frame cut by a chunk's end is kept, as a copy, since a reader may
 * be given the same buffer for every read (net.Socket's `onread`).
 */
export class FrameReader {
  readonly #onFrame: (text: string) => void
  readonly #limit: FrameLimit | undefined
  readonly #chunks: Buffer[] = []
  #buffered = 0
  #stopped = false

  constructor(onFrame: (text: string) => void, limit?: FrameLimit) {
    this.#onFrame = onFrame
    this.#limit = limit
  }

  push(chunk: Buffer): void {
    if (this.#stopped) return
    if (this.#buffered > 0) {
      this.#chunks.push(Buffer.from(chunk))
      this.#buffered += chunk.length
      const first = this.#chunks[0]
      // Joined once, when the frame begun in the first chunk is complete (a large result comes in many).
      if (this.#buffered < LENGTH_BYTES || (first.length >= LENGTH_BYTES && this.#buffered < LENGTH_BYTES + first.readUInt32LE(0))) return
      chunk = Buffer.concat(this.#chunks, this.#buffered)
      this.#chunks.length = 0
      this.#buffered = 0
    }
    let offset = 0
    while (chunk.length - offset >= LENGTH_BYTES) {
      const length = chunk.readUInt32LE(offset)
      if (this.#limit !== undefined && length > this.#limit.maxBytes) {
        // Nothing of it is kept, nor anything after it: the stream's framing can no longer be trusted.
        this.#stopped = true
        this.#chunks.length = 0
        this.#buffered = 0
        this.#limit.exceeded(length)
        return
      }
      const end = offset + LENGTH_BYTES + length
      if (end > chunk.length) break
      this.#onFrame(chunk.toString('utf8', offset + LENGTH_BYTES, end))
      offset = end
    }
    if (offset < chunk.length) {
      this.#chunks.push(Buffer.from(chunk.subarray(offset)))
      this.#buffered = chunk.length - offset
    }
  }
}

/** The longest frame a reader takes, and what it does with a longer one (it reads nothing more after). */
export interface FrameLimit {
  readonly maxBytes: number
  exceeded(declaredBytes: number): void
}

/** Host -> runtime: the invocation's fields in a JSON array, then the event. */
export function encodeInvoke(message: InvokeMessage): Buffer {
  const header = JSON.stringify([message.requestId, message.deadline, message.invokedFunctionArn, message.traceId ?? null, message.clientContext ?? null])
  return encodeFrame(header, message.payload)
}

export function decodeInvoke(text: string): InvokeMessage {
  const newline = text.indexOf('\n')
  const [requestId, deadline, invokedFunctionArn, traceId, clientContext] = JSON.parse(text.slice(0, newline)) as [string, number, string, string | null, string | null]
  return {
    type: 'invoke', requestId, payload: text.slice(newline + 1), deadline, invokedFunctionArn,
    traceId: traceId ?? undefined, clientContext: clientContext ?? undefined,
  }
}

/** Runtime -> host: a result as `["result", requestId, maxMemoryUsedMB]` and its JSON; the others as themselves. */
export function encodeRuntimeMessage(message: RuntimeMessage): Buffer {
  if (message.type === 'result') return encodeFrame(`["result",${JSON.stringify(message.requestId)},${message.maxMemoryUsedMB}]`, message.payload)
  return encodeFrame(JSON.stringify(message))
}

/**
 * The message a runtime's frame holds; throws for a frame that is none: not JSON, or not one of the runtime's
 * messages with each field of its type (a handler can write to the channel itself, and what it writes must not
 * reach the host as a result whose payload is no text, a log line that is an object, an error of no shape).
 * A result travels only as a header and its payload (`encodeRuntimeMessage`).
 */
export function decodeRuntimeMessage(text: string): RuntimeMessage {
  const newline = text.indexOf('\n')
  if (newline === -1) {
    const message: unknown = JSON.parse(text)
    if (!isRuntimeMessage(message)) throw new Error('not a runtime message')
    return message
  }
  const header: unknown = JSON.parse(text.slice(0, newline))
  if (!Array.isArray(header) || header[0] !== 'result' || typeof header[1] !== 'string' || typeof header[2] !== 'number') throw new Error('not a runtime message')
  return { type: 'result', requestId: header[1], payload: text.slice(newline + 1), maxMemoryUsedMB: header[2] }
}

function isRuntimeMessage(value: unknown): value is Exclude<RuntimeMessage, { type: 'result' }> {
  if (typeof value !== 'object' || value === null) return false
  const message = value as Record<string, unknown>
  switch (message.type) {
    case 'ready':
      return true
    case 'init-error':
      return isLambdaError(message.error)
    case 'log':
      return isOptionalText(message.requestId) && typeof message.line === 'string'
    case 'error':
      return typeof message.requestId === 'string' && isLambdaError(message.error) && typeof message.maxMemoryUsedMB === 'number'
    case 'fatal':
      return isOptionalText(message.requestId) && isLambdaError(message.error)
    default:
      return false
  }
}

const isOptionalText = (value: unknown): boolean => value === undefined || typeof value === 'string'

function isLambdaError(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { errorType, errorMessage, trace } = value as Record<string, unknown>
  return typeof errorType === 'string' && typeof errorMessage === 'string' && Array.isArray(trace) && trace.every((line) => typeof line === 'string')
}
