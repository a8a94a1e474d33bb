import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { createLogger } from '../../src/core/logger.ts'
import { startEchoBackend, type EchoBackend } from '../helpers/echo-backend.ts'
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts'
import { buildRestApi } from '../helpers/rest-api-builder.ts'
import { seededRandom } from '../helpers/seeded-random.ts'
import { exchangeOnWire } from '../helpers/wire-exchange.ts'

/**
 * Raw HTTP requests made at random against a running gateway: methods, paths with dot segments and
 * percent-encodings (valid, invalid, encoded separators), headers and bodies, from a fixed seed. Every
 * request gets one well-formed final answer, nothing is logged as a bug, the gateway stays up, and no
 * backend ever sees a path outside the integration's base path.
 *
 * `npm test` runs FUZZ_RUNS (default 150) requests from FUZZ_SEED (default 1); a longer run is
 * `FUZZ_RUNS=20000 node --test test/fuzz/raw-http.test.ts` (or `npm run fuzz` for every fuzz suite), another sequence
 * `FUZZ_SEED=7`. A failure names the seed and the request, so it replays exactly.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150)
const SEED = Number(process.env.FUZZ_SEED ?? 1)

// CONNECT is left out: node:http hands it to the server's 'connect' listener, which the management side owns.
const METHODS = ['GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PURGE', 'get', 'G@T', 'X'.repeat(40)]
/** Most requests start at a resource, so that they reach the integrations; the rest test routing. */
const RESOURCES = ['trav', 'trav', 'trav', 'item', 'item', 'mock']
const SEGMENTS = [
  'x', 'b.txt', 'admin', '..', '.', '%2e%2e', '%2E.', '.%2e', '%2e', '...', 'a%2F..', '%2f', '%2F%2E%2E', '%5c..', '%5C', 'a%3Fb', '%23',
  '%00', '%zz', '%', '%%', '%25', '%252e%252e', '~', ';x=1', '', '{proxy+}', '*', 'a'.repeat(300), '%c3%28', '%C3%A9', '+', ':', '@', "'",
  '!$&()=,', '[', ']', 'trav', 'item',
]
/** What node:http's parser refuses in a request target (it answers 400 itself): a few, not most. */
const UNPARSABLE_SEGMENTS = ['caf\u00e9', '\u00ff\u00fe', '"', '<x>', '|', '^', '`', 'a b', '\\']
const HEADER_NAMES = ['X-Id', 'x-id', 'Accept', 'Content-Type', 'X-Forwarded-For', 'Cookie', 'User-Agent', 'x-amzn-trace-id', 'X-Api-Key', 'Authorization', 'Origin']
const UNPARSABLE_HEADER_NAMES = ['X-\u00e9', 'Bad Name', '']
const HEADER_VALUES = ['..', '../../admin', 'a?b#c', '%2e%2e', 'application/json', '*/*', 'text/html;q=0.1', '\u00e9\u00ff', 'x'.repeat(2000), '', '1.2.3.4, 5.6.7.8', 'AWS4-HMAC-SHA256 Credential=x', '\t v \t']

describe(`raw HTTP fuzz: ${RUNS} requests from seed ${SEED}`, () => {
  let gw: TestGateway
  let backend: EchoBackend
  let port: number
  let restApiId: string
  /** What the gateway logged at error level: a bug it caught (docs/architecture.md, "Errors"). */
  const bugs: string[] = []

  before(async () => {
    backend = await startEchoBackend()
    const logger = createLogger('error', new Writable({
      write(chunk: Buffer, _encoding, done) {
        bugs.push(chunk.toString())
        done()
      },
    }))
    gw = await startTestGateway({ logger })
    port = Number(new URL(gw.url).port)
    restApiId = await buildRestApi(gw, {
      name: 'raw-fuzz',
      stage: 'dev',
      methods: [
        {
          path: 'trav/{proxy+}', httpMethod: 'ANY', requestParameters: { 'method.request.path.proxy': true },
          integration: {
            type: 'HTTP_PROXY', integrationHttpMethod: 'ANY', uri: `${backend.origin}/base/public/{proxy}`,
            requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
          },
        },
        {
          path: 'item/{id}', httpMethod: 'ANY', requestParameters: { 'method.request.path.id': true, 'method.request.header.X-Id': false },
          integration: {
            type: 'HTTP', integrationHttpMethod: 'POST', uri: `${backend.origin}/base/items/{id}/{other}`,
            requestParameters: { 'integration.request.path.id': 'method.request.path.id', 'integration.request.path.other': 'method.request.header.X-Id' },
          },
          responses: [{ statusCode: '200', selectionPattern: '' }],
        },
        {
          path: 'mock', httpMethod: 'ANY',
          integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
          responses: [{ statusCode: '200', selectionPattern: '', responseTemplates: { 'application/json': '{"path": "$context.resourcePath", "body": "$util.escapeJavaScript($input.body)"}' } }],
        },
      ],
    })
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  it('answers every request once, well-formed, with no backend reached outside its base path', async () => {
    const random = seededRandom(SEED)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
    for (let run = 0; run < RUNS; run++) {
      const method = pick(METHODS)
      const segment = (): string => pick(random() < 0.05 ? UNPARSABLE_SEGMENTS : SEGMENTS)
      const segments = [random() < 0.9 ? pick(RESOURCES) : segment(), ...Array.from({ length: Math.floor(random() * 5) }, segment)]
      let path = `/_aws/execute-api/${restApiId}/dev/${segments.join('/')}`
      if (random() < 0.3) path += `?${segment()}=${segment()}&q=${segment()}`
      if (random() < 0.1) path += `#${segment()}`
      const headers: string[] = [`Host: 127.0.0.1:${port}`, 'Connection: close']
      for (let count = Math.floor(random() * 4); count > 0; count--) headers.push(`${pick(random() < 0.05 ? UNPARSABLE_HEADER_NAMES : HEADER_NAMES)}: ${pick(HEADER_VALUES)}`)
      const body = random() < 0.5 ? Buffer.alloc(0) : Buffer.from(Array.from({ length: Math.floor(random() * 2048) }, () => Math.floor(random() * 256)))
      if (body.length > 0 || random() < 0.2) headers.push(`Content-Length: ${body.length}`)
      const request = Buffer.concat([Buffer.from(`${method} ${path} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), body])
      const where = `seed ${SEED}, request ${run}: ${JSON.stringify(request.subarray(0, 400).toString('latin1'))}`

      const before = backend.received.length
      const wire = await exchangeOnWire(port, request, { head: method === 'HEAD', guardMs: 5_000 }).catch((error: unknown) => {
        throw new Error(`${where}: ${(error as Error).message}`)
      })
      assert.equal(wire.stalled, false, `${where}: no complete answer`)
      assert.equal(wire.responses.length, 1, `${where}: ${wire.responses.length} answers (${wire.responses.map((r) => r.status)})`)
      const [answer] = wire.responses
      assert.ok(answer.status >= 200 && answer.status <= 599, `${where}: status ${answer.status}`)
      assert.equal(wire.trailing.length, 0, `${where}: bytes after the answer`)
      for (const received of backend.received.slice(before)) {
        assert.ok(/^\/base\/(public|items)\//.test(received.url), `${where}: the backend saw ${received.url}`)
      }
    }
    assert.deepEqual(bugs, [], 'the gateway logged a bug')
  })

  it('is still up afterwards', async () => {
    const wire = await exchangeOnWire(port, `GET /_aws/execute-api/${restApiId}/dev/trav/ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)
    assert.equal(wire.responses[0]?.status, 200)
    assert.equal(backend.received.at(-1)?.url, '/base/public/ok')
  })
})
