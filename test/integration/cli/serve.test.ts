import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { AWS_CLI_ENV, awsCliInstalled, spawnServe } from '../../helpers/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('gatehouse serve --example (what npm start runs)', () => {
  it('deploys the example and every printed command works', async (t) => {
    const serve = await spawnServe(['--example', '--in-memory', '--port', '0'])
    t.after(() => serve.child.kill('SIGKILL'))
    const curls = serve.output.filter((line) => line.trim().startsWith('curl ')).map((line) => line.trim().split(/\s+/)[1])
    assert.ok(curls.length >= 5, `expected the example's curl commands in:\n${serve.output.join('\n')}`)
    for (const url of curls) {
      // *.execute-api.localhost resolves to loopback in browsers and curl; fetch cannot set Host, so node:http does.
      const parsed = new URL(url)
      const response = parsed.hostname.endsWith('.localhost')
        ? await getWithHost(`http://127.0.0.1:${parsed.port}${parsed.pathname}`, parsed.host)
        : await fetch(url).then(async (r) => ({ status: r.status, contentType: r.headers.get('content-type'), body: await r.text() }))
      assert.equal(response.status, 200, `${url} answered ${response.status}: ${response.body}`)
      assert.match(response.contentType ?? '', /application\/json/)
    }
    const pets = (await (await fetch(curls.find((u) => u.endsWith('/pets'))!)).json()) as { type: string }[]
    assert.deepEqual(pets.map((pet) => pet.type), ['dog', 'cat', 'fish'])
    const health = await (await fetch(curls.find((u) => u.endsWith('/health'))!)).json()
    assert.deepEqual(health, { status: 'ok', stage: 'dev' })
    const store = await (await fetch(curls.find((u) => u.endsWith('/store/dog'))!)).json()
    assert.deepEqual(store, { item: 'dog', available: 4 })

    const cliLine = serve.output.find((line) => line.trim().startsWith('aws apigateway'))
    assert.ok(cliLine, 'an AWS CLI command is printed')
    if (!awsCliInstalled()) {
      t.diagnostic('aws CLI not installed: the printed command was not run')
      return
    }
    const [, ...args] = cliLine.trim().split(/\s+/)
    const out = JSON.parse(execFileSync('aws', args, { env: { ...process.env, ...AWS_CLI_ENV } }).toString()) as {
      items: { path: string }[]
    }
    assert.deepEqual(out.items.map((item) => item.path).sort(), ['/', '/health', '/pets', '/pets/{petId}', '/store', '/store/{proxy+}'])
  })

  it('keeps the example and its data across a restart with a data directory', async () => {
    const dataDir = join(dir, 'restart')
    const first = await spawnServe(['--example', '--port', '0', '--data-dir', dataDir])
    first.child.kill('SIGTERM')
    assert.equal(await first.exited, 0)
    const second = await spawnServe(['--example', '--port', '0', '--data-dir', dataDir])
    try {
      const response = await fetch(`${second.url}/_aws/execute-api/petstore00/dev/store/cat`)
      assert.equal(response.status, 200, 'the stage variable was moved to the new backend port')
      assert.deepEqual(await response.json(), { item: 'cat', available: 7 })
    } finally {
      second.child.kill('SIGTERM')
      assert.equal(await second.exited, 0)
    }
  })
})

describe('gatehouse serve shutdown and errors', () => {
  it('on SIGTERM stops accepting, finishes the request in flight, and exits 0', async () => {
    let release!: () => void
    let arrived!: () => void
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve))
    const slowBackend = createServer((_req: IncomingMessage, res: ServerResponse) => {
      arrived()
      release = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"finished":true}')
    })
    await new Promise<void>((resolve) => slowBackend.listen(0, '127.0.0.1', resolve))
    const backendPort = (slowBackend.address() as AddressInfo).port
    const serve = await spawnServe(['--in-memory', '--port', '0'])
    try {
      const api = await json(serve.url, 'POST', '/restapis', { name: 'slow' })
      const resource = await json(serve.url, 'POST', `/restapis/${api.id}/resources/${api.rootResourceId}`, { pathPart: 'slow' })
      await json(serve.url, 'PUT', `/restapis/${api.id}/resources/${resource.id}/methods/GET`, { authorizationType: 'NONE' })
      await json(serve.url, 'PUT', `/restapis/${api.id}/resources/${resource.id}/methods/GET/integration`, {
        type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: `http://127.0.0.1:${backendPort}/`,
      })
      await json(serve.url, 'POST', `/restapis/${api.id}/deployments`, { stageName: 'prod' })

      const inFlight = fetch(`${serve.url}/_aws/execute-api/${api.id}/prod/slow`, { headers: { connection: 'close' } })
      await requestArrived
      serve.child.kill('SIGTERM')
      // The listener closes first: a new connection is refused while the old request is still open.
      await assert.rejects(waitUntilRefused(serve.url))
      release()
      const response = await inFlight
      assert.equal(response.status, 200)
      assert.deepEqual(await response.json(), { finished: true })
      assert.equal(await serve.exited, 0)
    } finally {
      serve.child.kill('SIGKILL')
      slowBackend.close()
    }
  })

  it('names the fix when the port is taken, and for a bad option', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as AddressInfo).port
    try {
      await assert.rejects(spawnServe(['--in-memory', '--port', String(port)]), /port \d+ is in use: pass --port/)
    } finally {
      blocker.close()
    }
    writeFileSync(join(dir, 'bad.yaml'), 'port: not-a-port\n')
    await assert.rejects(spawnServe(['--config', join(dir, 'bad.yaml')]), /port: .*--port or GATEHOUSE_PORT/)
  })
})

async function json(base: string, method: string, path: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`)
  return (await response.json()) as Record<string, string>
}

/** Rejects once connecting fails (the listener is closed); resolves only if it kept accepting for 5000 attempts. */
async function waitUntilRefused(url: string): Promise<void> {
  for (let attempt = 0; attempt < 5000; attempt++) {
    await fetch(`${url}/restapis`, { headers: { connection: 'close' } })
  }
}

/** GET with an explicit Host header (the AWS-style `{apiId}.execute-api.localhost` URL form). */
function getWithHost(url: string, host: string): Promise<{ status: number; contentType: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString() }))
    })
    req.on('error', reject)
    req.end()
  })
}
