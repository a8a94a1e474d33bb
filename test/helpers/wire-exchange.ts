import { connect } from 'node:net'

/** One HTTP/1.1 response as it was framed on the wire. */
export interface WireResponse {
  readonly status: number
  /** `[name, value]` in wire order and casing. */
  readonly headers: readonly (readonly [string, string])[]
  readonly body: Buffer
}

export interface WireExchange {
  /** Every response read, interim (1xx) ones included, in order. */
  readonly responses: readonly WireResponse[]
  /** Bytes after the last complete response: nothing, when the framing was right. */
  readonly trailing: Buffer
  /** True when the server had not closed the connection within the guard, which a `Connection: close` request asks it to. */
  readonly stalled: boolean
}

/**
 * Writes `request` (bytes as given: nothing is normalised, so request lines and headers can be
 * anything) on a fresh TCP connection and reads until the server closes it, then splits what came
 * back into responses by HTTP/1.1 framing (RFC 9112 §6.3). `head` says the request was a HEAD, whose
 * answer has no body whatever its Content-Length. `guardMs` bounds a server that never closes: the
 * exchange is then reported `stalled`, not awaited forever.
 */
export function exchangeOnWire(port: number, request: Buffer | string, options: { head?: boolean; guardMs?: number } = {}): Promise<WireExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let stalled = false
    const guard = setTimeout(() => {
      stalled = true
      socket.destroy()
    }, options.guardMs ?? 10_000)
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A server may reset a connection after answering a request it refused; what it sent still counts.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') {
        clearTimeout(guard)
        reject(error)
      }
    })
    socket.on('close', () => {
      clearTimeout(guard)
      try {
        resolve({ ...splitResponses(Buffer.concat(chunks), options.head === true), stalled })
      } catch (error) {
        reject(error)
      }
    })
    // Not end(): a half-closed client may see its connection closed before a slow answer is written.
    socket.write(request)
  })
}

/** The responses in `bytes`; throws when a head or a chunked body is malformed. */
export function splitResponses(bytes: Buffer, head: boolean): { responses: WireResponse[]; trailing: Buffer } {
  const responses: WireResponse[] = []
  let at = 0
  while (at < bytes.length) {
    const end = bytes.indexOf('\r\n\r\n', at)
    if (end === -1) break
    const lines = bytes.subarray(at, end).toString('latin1').split('\r\n')
    const statusLine = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0])
    if (statusLine === null) throw new Error(`not an HTTP/1.1 status line: ${JSON.stringify(lines[0])}`)
    const status = Number(statusLine[1])
    const headers = lines.slice(1).map((line): [string, string] => {
      const colon = line.indexOf(':')
      if (colon <= 0) throw new Error(`malformed header line: ${JSON.stringify(line)}`)
      return [line.slice(0, colon), line.slice(colon + 1).trim()]
    })
    const header = (name: string): string | undefined => headers.find(([key]) => key.toLowerCase() === name)?.[1]
    at = end + 4
    let body: Buffer = Buffer.alloc(0)
    if (!(status < 200 || status === 204 || status === 304 || head)) {
      const length = header('content-length')
      if (header('transfer-encoding')?.toLowerCase() === 'chunked') {
        const parts: Buffer[] = []
        for (;;) {
          const lineEnd = bytes.indexOf('\r\n', at)
          if (lineEnd === -1) throw new Error('chunked body cut short')
          const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16)
          if (Number.isNaN(size)) throw new Error('malformed chunk size')
          at = lineEnd + 2
          if (size === 0) {
            at = bytes.indexOf('\r\n', at) + 2
            break
          }
          parts.push(bytes.subarray(at, at + size))
          at += size + 2
        }
        body = Buffer.concat(parts)
      } else if (length !== undefined) {
        body = bytes.subarray(at, at + Number(length))
        if (body.length !== Number(length)) throw new Error(`Content-Length ${length}, but ${body.length} bytes followed`)
        at += body.length
      } else {
        body = bytes.subarray(at)
        at = bytes.length
      }
    }
    responses.push({ status, headers, body })
  }
  return { responses, trailing: bytes.subarray(at) }
}
