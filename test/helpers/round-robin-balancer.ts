import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** One request the balancer sent to a node and saw fail after it was sent (answered 502 to its client). */
export interface LostRequest {
  readonly target: number
  /** `performance.now()` when it was sent to the node. */
  readonly sentAt: number
  readonly error: string
}

/**
 * A small HTTP load balancer on 127.0.0.1, for tests that run several gateway nodes as processes the
 * way nginx would front them: each request goes to the next node in turn, on a connection of its
 * own. A node that refuses the connection (it is down) is skipped for the next, and left out for a
 * second, as nginx does (`proxy_next_upstream error`, `max_fails=1 fail_timeout=1s`); a request that
 * reached a node and lost it on the way is not sent again (it may have had an effect) but answered
 * 502, and counted.
 */
export interface RoundRobinBalancer {
  readonly url: string
  /** Requests each node has answered. */
  readonly answered: readonly number[]
  /** Requests each node has now, sent and not answered. */
  inFlight(target: number): number
  readonly lost: readonly LostRequest[]
  close(): Promise<void>
}

export async function startRoundRobinBalancer(targets: readonly string[]): Promise<RoundRobinBalancer> {
  const origins = targets.map((target) => new URL(target))
  const answered = targets.map(() => 0)
  const inFlight = targets.map(() => 0)
  const lost: LostRequest[] = []
  const downUntil = targets.map(() => 0)
  let next = 0
  /** The next node in turn that is not left out, else the next in turn; after a refusal, the one after it. */
  const choose = (after: number | undefined): number => {
    const now = performance.now()
    const start = after === undefined ? next++ : after + 1
    for (let step = 0; step < origins.length; step++) {
      const candidate = (start + step) % origins.length
      if (downUntil[candidate] <= now) return candidate
    }
    return start % origins.length
  }

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse, tried: number, after?: number): void => {
    const target = choose(after)
    const origin = origins[target]
    const sentAt = performance.now()
    let connected = false
    inFlight[target]++
    const upstream = request({
      host: origin.hostname, port: origin.port, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' }, agent: false,
    }, (answer) => {
      // Hop-by-hop: the node's connection ends with this answer, the client's to the balancer does not.
      const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = answer.headers
      res.writeHead(answer.statusCode ?? 502, headers)
      answer.pipe(res)
      answer.on('end', () => {
        inFlight[target]--
        answered[target]++
      })
      answer.on('error', (error) => fail(error))
    })
    let failed = false
    const fail = (error: Error & { code?: string }): void => {
      if (failed) return
      failed = true
      inFlight[target]--
      if (!connected) downUntil[target] = performance.now() + 1_000
      if (!connected && tried + 1 < origins.length) return forward(req, body, res, tried + 1, target)
      lost.push({ target, sentAt, error: error.code ?? error.message })
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' })
      res.end('{"message":"Bad Gateway"}')
    }
    upstream.on('socket', (socket) => socket.once('connect', () => (connected = true)))
    upstream.on('error', fail)
    upstream.end(body)
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => forward(req, Buffer.concat(chunks), res, 0))
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    answered,
    inFlight: (target) => inFlight[target],
    lost,
    close: () => new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    }),
  }
}
