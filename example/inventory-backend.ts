import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small public-shaped HTTP backend the example serves itself, so the HTTP_PROXY method has
 * something real to call without any network: `GET /inventory/{item}` answers the stock level.
 */
export function startInventoryBackend(host = '127.0.0.1'): Promise<{ server: Server; origin: string }> {
  const stock: Record<string, number> = { dog: 4, cat: 7, fish: 21 }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://backend')
    const match = /^\/inventory\/?(.*)$/.exec(url.pathname)
    res.setHeader('content-type', 'application/json')
    if (match === null) {
      res.writeHead(404).end(JSON.stringify({ message: 'unknown path' }))
    } else if (match[1] === '') {
      res.end(JSON.stringify(stock))
    } else if (match[1] in stock) {
      res.end(JSON.stringify({ item: match[1], available: stock[match[1]] }))
    } else {
      res.writeHead(404).end(JSON.stringify({ message: `no inventory for ${match[1]}` }))
    }
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo
      resolve({ server, origin: `${host}:${port}` })
    })
  })
}
