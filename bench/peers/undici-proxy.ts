// The best plain Node proxy, as a peer line of `npm run bench`: node:http in front, an undici pool
// behind, headers and body passed through. `node undici-proxy.ts BACKEND_URL` prints its port.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Pool } from 'undici'

const pool = new Pool(process.argv[2], { connections: 64, pipelining: 1 })
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host'])

const server = createServer(async (req, res) => {
  try {
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
    const upstream = await pool.request({ method: req.method as 'GET', path: req.url ?? '/', headers, body: req.method === 'GET' || req.method === 'HEAD' ? null : req })
    const answer: Record<string, string | string[]> = {}
    for (const [name, value] of Object.entries(upstream.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) answer[name] = value
    res.writeHead(upstream.statusCode, answer)
    for await (const chunk of upstream.body) res.write(chunk)
    res.end()
  } catch {
    res.statusCode = 502
    res.end()
  }
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
