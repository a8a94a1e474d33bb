import { connect, createServer, type Server, type Socket } from 'node:net'

/**
 * A TCP relay on 127.0.0.1 in front of one server, that a test can cut and mend: what a network
 * partition between a gateway and its database looks like from the gateway (open connections reset,
 * new ones refused), without stopping the server itself.
 */
export interface TcpRelay {
  /** The relay's own port: give this to the client instead of the server's. */
  readonly port: number
  /** Resets every relayed connection and stops accepting new ones (they are refused). */
  cut(): Promise<void>
  /** Accepts connections again, on the same port. */
  mend(): Promise<void>
  close(): Promise<void>
}

export async function startTcpRelay(target: { readonly host: string; readonly port: number }): Promise<TcpRelay> {
  const open = new Set<Socket>()
  const track = (socket: Socket): void => {
    open.add(socket)
    socket.on('close', () => open.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const relay = (client: Socket): void => {
    const server = connect(target.port, target.host)
    track(client)
    track(server)
    client.pipe(server)
    server.pipe(client)
    client.on('close', () => server.destroy())
    server.on('close', () => client.destroy())
  }
  let listener: Server | undefined
  const listen = (port: number): Promise<number> => new Promise((resolve, reject) => {
    const server = createServer(relay)
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      listener = server
      resolve((server.address() as { port: number }).port)
    })
  })
  const stop = (): Promise<void> => {
    const server = listener
    listener = undefined
    for (const socket of open) socket.resetAndDestroy()
    return server === undefined ? Promise.resolve() : new Promise((done) => server.close(() => done()))
  }
  const port = await listen(0)
  return {
    port,
    cut: stop,
    mend: async () => {
      if (listener === undefined) await listen(port)
    },
    close: stop,
  }
}
