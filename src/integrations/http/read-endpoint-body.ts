import type { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'

/** A backend's answer as undici or node:http hands it over: its headers (lower-case names) and its body stream. */
export interface EndpointAnswer {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  readonly body: Readable | Dispatcher.ResponseData['body']
}

/** The body read whole, or how many bytes the backend reported (or had sent when reading stopped) past the limit. */
export type EndpointBody = { readonly body: Buffer } | { readonly tooLarge: number }

/**
 * Reads a backend's answer up to `limit` bytes and no further: a declared Content-Length past it is
 * refused before a byte is read, and a body that grows past it (chunked, or lying about its length) is
 * dropped as soon as it does, its connection closed, so no backend can make the gateway buffer more.
 */
export function readEndpointBody(response: EndpointAnswer, limit: number): Promise<EndpointBody> {
  const declared = Number(response.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    discard(response.body)
    return Promise.resolve({ tooLarge: declared })
  }
  // Read with the stream's events rather than an async iterator: one answer per proxied request, and the
  // iterator's machinery (a promise per chunk, end-of-stream tracking) was a visible share of the request's cost.
  const body = response.body as Readable
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (outcome: EndpointBody | Error): void => {
      if (settled) return
      settled = true
      body.off('data', onData)
      if (outcome instanceof Error) reject(outcome)
      else resolve(outcome)
    }
    const onData = (chunk: Buffer): void => {
      size += chunk.length
      if (size > limit) {
        settle({ tooLarge: size })
        discard(body)
        return
      }
      chunks.push(chunk)
    }
    body.on('data', onData)
    body.once('end', () => settle({ body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }))
    body.once('error', (error: Error) => settle(error))
    // A body that ends without its end (the connection lost) fails as a stream error does. Every body closes after
    // its end too: the error (and its stack trace, a visible share of a proxied request's cost) is built only when needed.
    body.once('close', () => {
      if (!settled) settle(new Error('the endpoint closed the connection before the end of its answer'))
    })
  })
}

/** Stops reading; destroying the body makes undici report an abort, which is no failure here. */
export function discard(body: EndpointAnswer['body']): void {
  body.on('error', () => {})
  body.destroy()
}
