// A bare `ws` server on node:http, accepting every connection: what holding a WebSocket costs a Node
// process before any gateway work, the baseline of the idle-connections line. Prints its port.
import { createServer } from 'node:http'
import { WebSocketServer } from 'ws'

const server = createServer()
const sockets = new WebSocketServer({ server, perMessageDeflate: false })
sockets.on('connection', (ws) => ws.on('error', () => ws.terminate()))
server.listen(0, '127.0.0.1', () => console.log((server.address() as { port: number }).port))
