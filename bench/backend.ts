import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

// The backend every benchmark target ends at: a fixed small JSON answer, as cheap as node:http gets.
const body = JSON.stringify({ id: 1, type: 'dog', price: 249.99 })
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
