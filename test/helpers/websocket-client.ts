import { WebSocket } from 'ws'
import { within } from './within.ts'

/** An open `ws` client that hands its frames over one at a time, in order, waiting for the next to arrive. */
export interface FrameReader {
  readonly ws: WebSocket
  next(): Promise<string>
}

/** Opens a connection (with `headers` on the upgrade); resolves with the client once open, or with the status the handshake was refused with. */
export function openWebSocket(url: string, headers?: Record<string, string>): Promise<FrameReader | { status: number }> {
  const ws = new WebSocket(url, { headers })
  const frames: string[] = []
  const waiting: ((frame: string) => void)[] = []
  ws.on('message', (data) => {
    const waiter = waiting.shift()
    if (waiter === undefined) frames.push(String(data))
    else waiter(String(data))
  })
  const next = () => within(10_000, 'a frame', new Promise<string>((resolve) => {
    const frame = frames.shift()
    if (frame !== undefined) resolve(frame)
    else waiting.push(resolve)
  }))
  return within(10_000, 'the handshake', new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, next }))
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode! }))
    ws.once('error', reject)
  }))
}

/** Closes with 1000 and resolves with the code the close ended with. */
export async function closeWebSocket(client: FrameReader): Promise<number> {
  const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)))
  client.ws.close(1000)
  return within(10_000, 'the close', closed)
}
