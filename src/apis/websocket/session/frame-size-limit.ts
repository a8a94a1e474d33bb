import { Duplex } from 'node:stream'

/**
 * The frame size quota (developer guide, "Amazon API Gateway quotas for configuring and running a
 * WebSocket API": "Frame size: 32 KB"; a message larger than that must be split into frames of at
 * most 32 KB, and a larger frame closes the connection with 1009).
 */
export const MAX_FRAME_BYTES = 32 * 1024

/**
 * Reads the client's frame headers (RFC 6455 §5.2) as the bytes arrive, across chunk boundaries,
 * keeping only what it needs: the header being read (at most 14 bytes) and how much payload remains.
 */
export class FrameHeaderScanner {
  readonly #maxPayload: number
  /** Header bytes of the frame being read. */
  #header: number[] = []
  /** Payload bytes still to pass before the next header. */
  #remaining = 0

  constructor(maxPayload: number) {
    this.#maxPayload = maxPayload
  }

  /** The offset in `chunk` at which a frame whose payload is over the limit starts (its header may have begun in an earlier chunk: 0), or -1. */
  scan(chunk: Buffer): number {
    let offset = 0
    while (offset < chunk.length) {
      if (this.#remaining > 0) {
        const skipped = Math.min(this.#remaining, chunk.length - offset)
        this.#remaining -= skipped
        offset += skipped
        continue
      }
      const start = offset - this.#header.length
      this.#header.push(chunk[offset++])
      const length = this.#headerLength()
      if (length === undefined || this.#header.length < length) continue
      const payload = this.#payloadLength()
      // Control frames (opcode 8 and above) carry at most 125 bytes, which `ws` enforces; the quota is on data frames.
      const opcode = this.#header[0] & 0x0f
      if (opcode < 0x08 && payload > this.#maxPayload) return Math.max(start, 0)
      this.#header = []
      this.#remaining = payload
    }
    return -1
  }

  /** The header's full length once its second byte is known: 2, plus 2 or 8 bytes of extended length, plus 4 of mask. */
  #headerLength(): number | undefined {
    if (this.#header.length < 2) return undefined
    const length7 = this.#header[1] & 0x7f
    const mask = (this.#header[1] & 0x80) === 0 ? 0 : 4
    return 2 + (length7 === 126 ? 2 : length7 === 127 ? 8 : 0) + mask
  }

  #payloadLength(): number {
    const length7 = this.#header[1] & 0x7f
    if (length7 < 126) return length7
    const bytes = this.#header.slice(2, length7 === 126 ? 4 : 10)
    // A 64-bit length past 2^53 is past any limit anyway; read it as a float.
    return bytes.reduce((total, byte) => total * 256 + byte, 0)
  }
}

/**
 * The upgraded socket as `ws` reads it, with the frame size quota checked first: `ws` bounds only
 * whole messages (`maxPayload`), so the bytes pass through a scanner of frame headers before they
 * reach `ws`, and a frame over `maxFrameBytes` never does: what came before it is delivered,
 * `onTooLarge` is called (which closes the connection with 1009), and the socket is ended once the
 * close frame is written. Writes go straight to the socket.
 */
export function frameCheckedSocket(socket: Duplex, head: Buffer, maxFrameBytes: number, onTooLarge: () => void): Duplex {
  const scanner = new FrameHeaderScanner(maxFrameBytes)
  let refused = false
  const checked: Duplex = new Duplex({
    read: () => {
      socket.resume()
    },
    write: (chunk: Buffer, _encoding, callback) => {
      socket.write(chunk, callback)
    },
    final: (callback) => {
      socket.end(() => callback())
    },
    destroy: (error, callback) => {
      socket.destroy(error ?? undefined)
      callback(error)
    },
  })
  // `ws` calls these when the socket has them (a net.Socket, a TLS socket).
  const network = socket as Partial<Pick<import('node:net').Socket, 'setTimeout' | 'setNoDelay'>>
  if (network.setTimeout !== undefined && network.setNoDelay !== undefined) {
    Object.assign(checked, { setTimeout: (ms: number) => network.setTimeout!.call(socket, ms), setNoDelay: (noDelay?: boolean) => network.setNoDelay!.call(socket, noDelay) })
  }
  const receive = (chunk: Buffer): void => {
    if (refused) return
    const at = scanner.scan(chunk)
    const passed = at === -1 ? chunk : chunk.subarray(0, at)
    if (passed.length > 0 && !checked.push(passed)) socket.pause()
    if (at === -1) return
    refused = true
    onTooLarge()
    checked.end()
  }
  // After `ws` has taken the socket (handleUpgrade is synchronous here), so that a refusal finds the connection open.
  if (head.length > 0) process.nextTick(receive, head)
  socket.on('data', receive)
  socket.on('end', () => checked.push(null))
  socket.on('error', (error) => checked.destroy(error))
  socket.on('close', () => checked.destroy())
  return checked
}
