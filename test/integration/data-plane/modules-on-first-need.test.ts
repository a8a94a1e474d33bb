import assert from 'node:assert/strict'
import { once } from 'node:events'
import { after, before, describe, it } from 'node:test'
import { spawnServe, type ServeProcess } from '../../helpers/cli.ts'

/**
 * The largest packages the gateway uses load when something needs them, not at start: an idle
 * gateway stays small (the bench's idle-RSS line), and one that never proxies, upgrades a WebSocket
 * or validates a model never pays for them. A static import of any of them from the start-up path
 * fails this test. An HTTP_PROXY deployment loads undici at once (off the request path), which
 * shows the check sees what it claims to.
 */
const ON_FIRST_NEED = ['undici', 'ws', 'ajv', 'ajv-draft-04']

/**
 * Loaded into the gateway with `--import`: records each package a module is loaded from (sync hooks
 * see `import` and `require` alike) and prints the list on SIGUSR2.
 */
const RECORDER = `
import { registerHooks } from 'node:module'
const loaded = new Set()
registerHooks({ load(url, context, next) {
  const match = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(url)
  if (match !== null) loaded.add(match[1])
  return next(url, context)
} })
process.on('SIGUSR2', () => process.stderr.write('LOADED ' + JSON.stringify([...loaded]) + '\\n'))
`

describe('packages loaded on first need', () => {
  let gateway: ServeProcess
  let stderr = ''

  before(async () => {
    const recorder = `data:text/javascript;base64,${Buffer.from(RECORDER).toString('base64')}`
    gateway = await spawnServe(['--in-memory', '--port', '0'], { env: { NODE_OPTIONS: `--import=${recorder}` } })
    gateway.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  })
  after(async () => {
    gateway.child.kill('SIGTERM')
    await gateway.exited
  })

  const loadedNow = async (): Promise<string[]> => {
    const before = stderr.length
    gateway.child.kill('SIGUSR2')
    while (!stderr.slice(before).includes('\n')) await once(gateway.child.stderr!, 'data')
    const line = /LOADED (.*)\n/.exec(stderr.slice(before))
    assert.ok(line, `no list of loaded packages in: ${stderr.slice(before)}`)
    return JSON.parse(line[1]) as string[]
  }

  it('an idle gateway has loaded none of them', async () => {
    const loaded = await loadedNow()
    // The recorder works: the gateway's own start-up dependencies are there.
    assert.ok(loaded.includes('yaml'), `expected start-up packages among ${loaded.join(', ')}`)
    assert.deepEqual(ON_FIRST_NEED.filter((name) => loaded.includes(name)), [])
  })

  it('deploying an HTTP_PROXY integration loads undici, and only undici', async () => {
    const call = async (method: string, path: string, body: unknown): Promise<Record<string, string>> => {
      const response = await fetch(gateway.url + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      assert.ok(response.ok, `${method} ${path}: ${response.status}`)
      return (await response.json()) as Record<string, string>
    }
    const api = await call('POST', '/restapis', { name: 'lazy' })
    const base = `/restapis/${api.id}`
    const { id } = await call('POST', `${base}/resources/${api.rootResourceId}`, { pathPart: 'proxied' })
    await call('PUT', `${base}/resources/${id}/methods/GET`, { authorizationType: 'NONE' })
    await call('PUT', `${base}/resources/${id}/methods/GET/integration`, { type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'http://127.0.0.1:9/' })
    await call('POST', `${base}/deployments`, { stageName: 'test' })
    // The preload runs in the tick after the compile; the management answer has been written by then.
    const loaded = await loadedNow()
    assert.deepEqual(ON_FIRST_NEED.filter((name) => loaded.includes(name)), ['undici'])
  })
})
