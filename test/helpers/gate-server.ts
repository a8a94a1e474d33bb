import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Gate {
  readonly server: Server
  readonly url: string
  /** Resolves once `n` requests are held. */
  waiting(n: number): Promise<void>
  /** Answers every held request, and every later one, with `body`. */
  release(body: string): void
  close(): void
}

/** An HTTP server that holds every request until released: invocations stay in flight without sleeps. */
export async function openGate(): Promise<Gate> {
  const held: ((body: string) => void)[] = []
  const arrivals: (() => void)[] = []
  let released: string | undefined
  const server = createServer((_req, res) => {
    if (released !== undefined) return void res.end(released)
    held.push((body) => res.end(body))
    arrivals.splice(0).forEach((notify) => notify())
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async waiting(n) {
      while (held.length < n) await new Promise<void>((done) => arrivals.push(done))
    },
    release(body) {
      released = body
      for (const respond of held.splice(0)) respond(body)
    },
    close() {
      server.closeAllConnections()
      server.close()
    },
  }
}
