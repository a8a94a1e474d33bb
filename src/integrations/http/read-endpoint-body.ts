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
export async function readEndpointBody(response: EndpointAnswer, limit: number): Promise<EndpointBody> {
  const declared = Number(response.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    discard(response.body)
    return { tooLarge: declared }
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) {
      discard(response.body)
      return { tooLarge: size }
    }
    chunks.push(chunk)
  }
  return { body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size) }
}

/** Stops reading; destroying the body makes undici report an abort, which is no failure here. */
export function discard(body: EndpointAnswer['body']): void {
  body.on('error', () => {})
  body.destroy()
}
