import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { REPO_ROOT } from '../../helpers/cli.ts'
import { startTestGateway, type TestGateway } from '../../helpers/gateway.ts'
import { deployProxyApi } from './deploy-proxy-api.ts'

const INTERNAL_ERROR = { message: 'Internal server error' }

/**
 * Functions behind AWS_PROXY, over HTTP: whatever a handler does — time out, exit, exhaust its
 * memory, throw — the client gets API Gateway's answer to a failed Lambda and the gateway serves
 * the next request. Remote functions are reached through another endpoint's Invoke API.
 */
describe('AWS_PROXY functions over HTTP', () => {
  let gw: TestGateway
  let url: string
  let gate: Server
  let gateUrl: string
  const held: (() => void)[] = []
  const arrivals: (() => void)[] = []
  before(async () => {
    gw = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        moods: { handler: 'test/fixtures/functions/lambda/proxy-moods.handler', timeout: 0.5, memorySize: 128 },
        single: { handler: 'test/fixtures/functions/lambda/proxy-moods.handler', timeout: 30, reservedConcurrency: 1 },
      },
    })
    url = await deployProxyApi(gw, { moods: 'moods', single: 'single' })
    gate = createServer((_req, res) => {
      held.push(() => res.end('go'))
      arrivals.splice(0).forEach((notify) => notify())
    })
    gate.listen(0, '127.0.0.1')
    await once(gate, 'listening')
    gateUrl = `http://127.0.0.1:${(gate.address() as AddressInfo).port}/`
  })
  after(async () => {
    gate.closeAllConnections()
    gate.close()
    await gw.close()
  })

  const call = async (path: string): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${url}/${path}`)
    return { status: res.status, body: await res.json() }
  }

  const doing: Record<string, string> = {
    spin: 'times out', exit: 'calls process.exit', oom: 'runs out of memory', buffers: 'holds more Buffers than its MemorySize', throw: 'throws',
  }
  for (const mood of ['spin', 'exit', 'oom', 'buffers', 'throw']) {
    it(`answers 502 when the handler ${doing[mood]}, then serves the next request`, async () => {
      assert.deepEqual(await call(`moods?mood=${mood}`), { status: 502, body: INTERNAL_ERROR })
      const next = await call('moods')
      assert.equal(next.status, 200)
      assert.equal(next.body.fine, true)
      assert.notEqual(next.body.pid, process.pid, 'the handler runs in an execution environment process of its own, not the gateway\'s')
    })
  }

  it('answers 504 Endpoint request timed out when the function outlives the integration\'s timeoutInMillis (developer guide, supported-gateway-response-types: INTEGRATION_TIMEOUT), then serves the next request', async () => {
    // The function's own timeout (0.5 s) would be a 502; the integration gives up first, at 100 ms.
    const short = await deployProxyApi(gw, { moods: 'moods' }, { stage: 'short', timeoutInMillis: 100 })
    const res = await fetch(`${short}/moods?mood=spin`)
    assert.deepEqual({ status: res.status, body: await res.json() }, { status: 504, body: { message: 'Endpoint request timed out' } })
    // A cold start takes longer than 100 ms: the next request goes to the stage with the default timeout.
    assert.equal((await call('moods')).status, 200)
  })

  it('a request beyond the reserved concurrency is 500 Internal server error, not 429 (Lambda developer guide, "Handling Lambda errors with an API Gateway API"), and is served once the slot is free', async () => {
    const holding = call(`single?mood=hold&gate=${encodeURIComponent(gateUrl)}`)
    while (held.length === 0) await new Promise<void>((done) => arrivals.push(done))
    assert.deepEqual(await call('single'), { status: 500, body: INTERNAL_ERROR })
    held.splice(0).forEach((release) => release())
    assert.equal((await holding).status, 200)
    assert.equal((await call('single')).status, 200)
  })
})

describe('remote functions', () => {
  let origin: TestGateway
  let front: TestGateway
  let lambda: LambdaClient
  before(async () => {
    origin = await startTestGateway({
      baseDir: REPO_ROOT,
      functions: {
        greeter: { handler: 'test/fixtures/functions/greeter.handler' },
        context: { handler: 'test/fixtures/functions/lambda/styles.contextHandler' },
        moods: { handler: 'test/fixtures/functions/lambda/proxy-moods.handler', timeout: 1 },
      },
    })
    front = await startTestGateway({
      functions: {
        greeter: { endpoint: origin.adminUrl },
        whoami: { endpoint: origin.adminUrl, functionName: 'context', qualifier: 'live' },
        gone: { endpoint: origin.adminUrl, functionName: 'nothing' },
        slow: { endpoint: origin.adminUrl, functionName: 'moods', timeout: 0.2 },
      },
    })
    lambda = new LambdaClient({ endpoint: front.adminUrl, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 })
  })
  after(async () => {
    lambda.destroy()
    await front.close()
    await origin.close()
  })

  it('serves AWS_PROXY from a function that runs behind another endpoint', async () => {
    const url = await deployProxyApi(front, { 'greet/{name}': 'greeter' })
    const res = await fetch(`${url}/greet/remote`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { greeting: 'Hello, remote!', stage: 'test', resource: '/greet/{name}' })
  })

  it('forwards Invoke with the remote name and qualifier, and passes the log tail back', async () => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: 'whoami', LogType: 'Tail' }))
    const context = JSON.parse(Buffer.from(out.Payload!).toString())
    assert.equal(context.invokedFunctionArn, 'arn:aws:lambda:us-east-1:000000000000:function:context:live')
    assert.match(Buffer.from(out.LogResult!, 'base64').toString(), /^START RequestId: /)
  })

  it('answers 504 Endpoint request timed out when the integration\'s timeoutInMillis runs out as the remote function\'s own timeout does (developer guide, supported-gateway-response-types: INTEGRATION_TIMEOUT)', async () => {
    const url = await deployProxyApi(front, { moods: 'slow' }, { stage: 'even', timeoutInMillis: 200 })
    const res = await fetch(`${url}/moods?mood=spin`)
    assert.deepEqual({ status: res.status, body: await res.json() }, { status: 504, body: { message: 'Endpoint request timed out' } })
  })

  it('reports a remote endpoint that does not know the function as a service error', async () => {
    await assert.rejects(lambda.send(new InvokeCommand({ FunctionName: 'gone' })), (error: any) => {
      assert.equal(error.$metadata.httpStatusCode, 500)
      assert.match(error.message, /answered 404 ResourceNotFoundException/)
      return true
    })
  })
})
