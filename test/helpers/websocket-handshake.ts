import { WebSocket } from 'ws'
import { within } from './within.ts'

/** A handshake the gateway refused: its status and body. */
export interface RefusedUpgrade {
  readonly status: number
  readonly body: string
}

/** Opens a `ws` connection to `url` (http: or ws:): the open socket, or the refused handshake's status and body. */
export function attemptUpgrade(url: string, headers: Record<string, string> = {}): Promise<WebSocket | RefusedUpgrade> {
  const ws = new WebSocket(url.replace(/^http:/, 'ws:'), { headers })
  return within(10_000, 'the handshake', new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += String(chunk)))
      res.on('end', () => {
        resolve({ status: res.statusCode!, body })
        ws.terminate()
      })
    })
    ws.once('error', reject)
  }))
}
