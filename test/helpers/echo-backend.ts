import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as an HTTP backend received it. */
export interface ReceivedRequest {
  readonly method: string
  readonly url: string
  /** `[name, value, ...]` in the casing they arrived in. */
  readonly rawHeaders: readonly string[]
  readonly headers: IncomingMessage['headers']
  readonly body: Buffer
}

export interface EchoBackend {
  readonly server: Server
  readonly port: number
  readonly origin: string
  readonly received: ReceivedRequest[]
  /** The `/objects/{key}` store, S3-like: a PUT stores the body, a GET returns it. */
  readonly objects: Map<string, Buffer>
  /** Resolves with the next request to arrive: lets a test wait for an asynchronous caller without sleeping. */
  nextRequest(): Promise<ReceivedRequest>
  close(): Promise<void>
}

/** Bytes no text decoding survives. */
export const BINARY_BYTES = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x7f, 0xc3, 0x28, 0x89, 0x50, 0x4e, 0x47])

/**
 * A real HTTP backend on 127.0.0.1:0 that records every request and answers, by path:
 * - `/status/N…`: status N, a JSON echo;
 * - `/binary…`: BINARY_BYTES as `image/png`;
 * - `/raw…`: the request body as received, with the request's Content-Type;
 * - `/objects/{key}`: as S3 does — PUT stores the body and answers 200 with nothing, GET answers the
 *   stored bytes with `Content-Type` from the `response-content-type` query parameter (default
 *   `binary/octet-stream`) and `ETag: "<md5>"`; an unknown key is 404;
 * - anything else: 200 with a JSON echo `{method, url, headers, body}` (body as text).
 * Every answer carries `X-Backend: echo`, two `Set-Cookie` headers and a Server header, which non-proxy integrations must not pass on.
 */
export async function startEchoBackend(): Promise<EchoBackend> {
  const received: ReceivedRequest[] = []
  const waiting: ((request: ReceivedRequest) => void)[] = []
  const objects = new Map<string, Buffer>()
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const request = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, headers: req.headers, body }
      received.push(request)
      for (const resolve of waiting.splice(0)) resolve(request)
      const url = req.url!
      if (url.startsWith('/objects/')) {
        answerObject(objects, req.method!, new URL(url, 'http://backend'), body, res)
        return
      }
      const status = /^\/status\/(\d{3})/.exec(url)?.[1]
      let answer: Buffer
      let contentType: string
      if (url.startsWith('/binary')) {
        answer = BINARY_BYTES
        contentType = 'image/png'
      } else if (url.startsWith('/raw')) {
        answer = body
        contentType = req.headers['content-type'] ?? 'application/octet-stream'
      } else {
        answer = Buffer.from(JSON.stringify({ method: req.method, url, headers: req.headers, body: body.toString('utf8') }))
        contentType = 'application/json'
      }
      res.writeHead(status === undefined ? 200 : Number(status), {
        'Content-Type': contentType,
        'Content-Length': answer.length,
        'X-Backend': 'echo',
        'Set-Cookie': ['a=1', 'b=2'],
        Server: 'echo-backend/1.0',
      })
      res.end(answer)
    })
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return {
    server,
    port,
    origin: `http://127.0.0.1:${port}`,
    received,
    objects,
    nextRequest: () => new Promise((resolve) => waiting.push(resolve)),
    async close() {
      server.closeAllConnections()
      await new Promise((done) => server.close(done))
    },
  }
}

function answerObject(objects: Map<string, Buffer>, method: string, url: URL, body: Buffer, res: import('node:http').ServerResponse): void {
  const key = decodeURIComponent(url.pathname.slice('/objects/'.length))
  if (method === 'PUT') {
    objects.set(key, body)
    res.writeHead(200, { ETag: etag(body), 'Content-Length': 0 })
    res.end()
    return
  }
  const stored = objects.get(key)
  if (stored === undefined) {
    res.writeHead(404, { 'Content-Type': 'application/xml', 'Content-Length': 0 })
    res.end()
    return
  }
  res.writeHead(200, {
    'Content-Type': url.searchParams.get('response-content-type') ?? 'binary/octet-stream',
    'Content-Length': stored.length,
    ETag: etag(stored),
  })
  res.end(stored)
}

/** S3's ETag of a single-part object: its MD5, quoted. */
export const etag = (body: Buffer): string => `"${createHash('md5').update(body).digest('hex')}"`
